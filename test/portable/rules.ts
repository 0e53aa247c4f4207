/**
 * The portable-schema rules, each with the client behaviour (and where it is documented or reported)
 * that makes it necessary. Each rule returns the places a schema breaks it; the tests run every rule
 * over every schema tools/list publishes.
 */
import { saysNumber } from "../../src/schema/portable.js";

// biome-ignore lint/suspicious/noExplicitAny: a published schema node probed keyword by keyword (n[k], n.anyOf.some, ...) to find the shapes clients reject: the keyword types are what is under test, so none is assumed
type Json = Record<string, any>;
export type Side = "input" | "output";

export interface Rule {
  id: string;
  rule: string;
  source: string;
  sides: Side[];
  /** Violations at one schema node (path for the message). */
  check(node: Json, side: Side, path: string): string[];
}

const SAFE = Number.MAX_SAFE_INTEGER;
const PORTABLE_FORMATS = ["date-time", "date", "time", "email", "uri", "uuid"];
const KEYWORDS = [
  "type",
  "description",
  "enum",
  "items",
  "properties",
  "required",
  "additionalProperties",
  "anyOf",
  "default",
  "minimum",
  "maximum",
  "minLength",
  "maxLength",
  "pattern",
  "minItems",
  "maxItems",
  "format",
];

export const NINE = [
  "search_models",
  "get_model_schema",
  "get_pricing",
  "search_docs",
  "run_model",
  "submit_job",
  "check_job",
  "upload_file",
  "recommend_model",
];
const hasNull = (n: Json) => n?.type === "null" || (Array.isArray(n?.enum) && n.enum.includes(null)) || n?.const === null;

export const RULES: Rule[] = [
  {
    id: "no-null-unions",
    rule: "no null branch in anyOf/oneOf, no type arrays, no `nullable` (a nullable field is an optional property of its non-null type)",
    source: 'issue #17: Cursor\'s argument check refuses `anyOf[integer, null]` (seed in 148 tools) and `type: ["string","null"]`',
    sides: ["input", "output"],
    check: (n, _s, p) => [
      ...(Array.isArray(n.type) ? [`${p}: type array ${JSON.stringify(n.type)}`] : []),
      ...(n.nullable !== undefined ? [`${p}: nullable`] : []),
      ...(n.type === "null" ? [`${p}: type null`] : []),
      ...["anyOf", "oneOf"].flatMap((k) => (Array.isArray(n[k]) && n[k].some(hasNull) ? [`${p}: ${k} with a null branch`] : [])),
    ],
  },
  {
    id: "enum-not-const",
    rule: "`const` and anyOf-of-const are written as `enum`",
    source:
      "Gemini function declarations take an OpenAPI 3.0 subset Schema (ai.google.dev/api/caching#Schema) with `enum` and no `const`; issue #17",
    sides: ["input", "output"],
    check: (n, _s, p) => [
      ...("const" in n ? [`${p}: const`] : []),
      ...(Array.isArray(n.anyOf) &&
      n.anyOf.every(
        (b: Json) => "const" in b || (Array.isArray(b.enum) && Object.keys(b).every((k) => ["enum", "type", "description"].includes(k))),
      )
        ? [`${p}: anyOf of consts/enums`]
        : []),
    ],
  },
  {
    id: "inclusive-bounds",
    rule: 'no exclusiveMinimum/exclusiveMaximum (integers: minimum n+1; numbers: minimum n and "> n" in the description)',
    source:
      "issue #17: older Gemini-style clients (LangChain filling `parameters`) reject `exclusiveMinimum` (run_model's max_cost_usd, 128 per-model tools)",
    sides: ["input", "output"],
    check: (n, _s, p) => ["exclusiveMinimum", "exclusiveMaximum"].filter((k) => k in n).map((k) => `${p}: ${k}`),
  },
  {
    id: "no-open-noise",
    rule: "no `propertyNames`, no `additionalProperties: true`, no ±2^53 bounds, no `$ref`/`$defs`/`oneOf`/`allOf`",
    source: "issue #17 (keywords Codex and Gemini do not accept); Gemini's Schema has no $ref",
    sides: ["input", "output"],
    check: (n, _s, p) => [
      ...["propertyNames", "$ref", "$defs", "definitions", "oneOf", "allOf", "not"].filter((k) => k in n).map((k) => `${p}: ${k}`),
      ...(n.additionalProperties === true ? [`${p}: additionalProperties true`] : []),
      ...["minimum", "maximum"].filter((k) => typeof n[k] === "number" && Math.abs(n[k]) >= SAFE).map((k) => `${p}: ${k} ${n[k]}`),
    ],
  },
  {
    id: "known-formats",
    rule: `\`format\` only one Ajv knows (${PORTABLE_FORMATS.join(", ")})`,
    source: 'issue #17: `format: "base64"` makes the MCP SDK client (Ajv) warn "unknown format" on every tools/list',
    sides: ["input", "output"],
    check: (n, _s, p) => (n.format !== undefined && !PORTABLE_FORMATS.includes(n.format) ? [`${p}: format ${n.format}`] : []),
  },
  {
    id: "typed-flat-unions",
    rule: "every anyOf branch has a `type`; no anyOf directly inside an anyOf branch",
    source: "issue #17: Cursor refuses anyOf branches without `type`",
    sides: ["input", "output"],
    check: (n, _s, p) =>
      Array.isArray(n.anyOf)
        ? n.anyOf.flatMap((b: Json, i: number) => [
            ...(b.type === undefined ? [`${p}/anyOf/${i}: no type`] : []),
            ...(Array.isArray(b.anyOf) ? [`${p}/anyOf/${i}: nested anyOf`] : []),
          ])
        : [],
  },
  {
    id: "typed-nodes",
    rule: "every input property and array item says its type (`type`, or an `anyOf`/`enum` that does)",
    source:
      "Gemini answers 400 INVALID_ARGUMENT for a schema node without a type (zereight/gitlab-mcp#166); Codex's sanitize_json_schema reads an untyped node as a string (codex-rs)",
    sides: ["input"],
    check: (n, _s, p) => {
      const untyped = (c: Json) => c && typeof c === "object" && c.type === undefined && !Array.isArray(c.anyOf) && !Array.isArray(c.enum);
      return [
        ...Object.entries<Json>(n.properties ?? {}).flatMap(([k, c]) => (untyped(c) ? [`${p}/properties/${k}: no type`] : [])),
        ...(n.items && !Array.isArray(n.items) && untyped(n.items) ? [`${p}/items: no type`] : []),
      ];
    },
  },
  {
    id: "portable-keywords",
    rule: `only the keywords ${KEYWORDS.join(", ")}`,
    source:
      "issue #17: Codex keeps only type/description/enum/items/properties/required/additionalProperties/anyOf; the rest is said in descriptions",
    sides: ["input", "output"],
    check: (n, _s, p) =>
      Object.keys(n)
        .filter((k) => !KEYWORDS.includes(k))
        .map((k) => `${p}: keyword ${k}`),
  },
  {
    id: "limits-in-description",
    rule: 'a default or a bound is also written in the description ("default 28; 1–50")',
    source:
      "issue #17: VS Code's GPT-4 path strips `default`, bounds and `pattern`; Codex drops them too (the nine tools' own string caps excepted: input-size guards, see src/schema/portable.ts)",
    sides: ["input"],
    check: (n, _s, p) => {
      const d = String(n.description ?? "");
      const out: string[] = [];
      const nine = NINE.includes(p.split(" ")[0]!);
      if (n.default !== undefined && !/default/i.test(d)) out.push(`${p}: default ${JSON.stringify(n.default)} not in description`);
      for (const k of ["minimum", "maximum", "maxLength", "minItems", "maxItems"]) {
        if (typeof n[k] !== "number" || (nine && k === "maxLength")) continue;
        // An exclusive bound became minimum n and is said as "> n".
        if (!saysNumber(d, n[k])) out.push(`${p}: ${k} ${n[k]} not in description`);
      }
      if (typeof n.minLength === "number" && n.minLength > 3 && !d.includes(String(n.minLength)))
        out.push(`${p}: minLength ${n.minLength} not in description`);
      return out;
    },
  },
  {
    id: "open-results",
    rule: "output schemas are open: no `additionalProperties: false` and no enum/bounds a new fal value could break",
    source:
      "issue #17: clients that validate structuredContent (MCP TS/Python SDK clients, Claude Desktop, Agent SDK) reject a result as soon as fal adds a field",
    sides: ["output"],
    check: (n, _s, p) => [
      ...(n.additionalProperties === false ? [`${p}: additionalProperties false`] : []),
      ...["enum", "minimum", "maximum", "minLength", "maxLength", "pattern", "format", "minItems", "maxItems"]
        .filter((k) => k in n)
        .map((k) => `${p}: ${k}`),
    ],
  },
];

/** Every schema node under `schema` with its path (properties, items, anyOf, additionalProperties). */
export function* nodes(schema: Json, path = "#"): Generator<[Json, string]> {
  if (!schema || typeof schema !== "object") return;
  yield [schema, path];
  for (const [k, v] of Object.entries<Json>(schema.properties ?? {})) yield* nodes(v, `${path}/properties/${k}`);
  if (schema.items && typeof schema.items === "object" && !Array.isArray(schema.items)) yield* nodes(schema.items, `${path}/items`);
  if (schema.additionalProperties && typeof schema.additionalProperties === "object")
    yield* nodes(schema.additionalProperties, `${path}/additionalProperties`);
  for (const k of ["anyOf", "oneOf", "allOf"])
    if (Array.isArray(schema[k])) for (const [i, b] of schema[k].entries()) yield* nodes(b, `${path}/${k}/${i}`);
}

export function violations(rule: Rule, tool: { name: string; inputSchema: Json; outputSchema?: Json }): string[] {
  const out: string[] = [];
  for (const side of rule.sides) {
    const schema = side === "input" ? tool.inputSchema : tool.outputSchema;
    if (!schema) continue;
    for (const [n, p] of nodes(schema)) out.push(...rule.check(n, side, `${tool.name} ${side}${p.slice(1)}`));
  }
  return out;
}
