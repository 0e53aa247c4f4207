/**
 * Optional client dialects on top of the portable form (`--schema-profile`, or per HTTP request the
 * `x-schema-profile` header / `?schema_profile=` query parameter). The default stays `portable`.
 *
 * - `openai-strict`: OpenAI's strict function calling (Structured Outputs): every object closed
 *   (`additionalProperties: false`) with every property required, optional ones made nullable; the
 *   server then reads a null for an optional field as "omitted" (src/server/dispatch.ts).
 * - `gemini-openapi`: Gemini's OpenAPI-subset `parameters` as older SDKs and LangChain fill it: no
 *   `anyOf` (first branch, the others named in the description), no `additionalProperties`/`default`/
 *   length or pattern keywords, string formats only `date-time`, enums of strings only, and no object
 *   without properties (Gemini: "properties: should be non-empty for OBJECT type", reported in
 *   lobehub/lobehub#5002 and agno-agi/agno#2112): a free-form object (run_model's `input`) is asked for
 *   as a JSON string, which the server parses back (src/server/dispatch.ts).
 */
// biome-ignore lint/suspicious/noExplicitAny: a JSON Schema node being rewritten for a host (see portable.ts's Json)
type Json = Record<string, any>;

export const SCHEMA_PROFILES = ["portable", "openai-strict", "gemini-openapi"] as const;
export type SchemaProfile = (typeof SCHEMA_PROFILES)[number];

export function parseSchemaProfile(value: string | null | undefined, where: string): SchemaProfile {
  if (value === undefined || value === null || value === "") return "portable";
  if ((SCHEMA_PROFILES as readonly string[]).includes(value)) return value as SchemaProfile;
  throw new Error(`${where}: unknown schema profile "${value.slice(0, 50)}"; use one of ${SCHEMA_PROFILES.join(", ")}`);
}

/** A tool's input schema in the profile's dialect (output schemas are for MCP clients, left portable). */
export function profileSchema(schema: Json, profile: SchemaProfile): Json {
  if (profile === "openai-strict") return strict(schema);
  if (profile === "gemini-openapi") return gemini(schema);
  return schema;
}

const STRICT_KEYS = new Set([
  "type",
  "description",
  "enum",
  "items",
  "properties",
  "required",
  "additionalProperties",
  "anyOf",
  "minimum",
  "maximum",
  "pattern",
  "minItems",
  "maxItems",
]);

function strict(s: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(s)) {
    if (!STRICT_KEYS.has(k)) continue;
    if (k === "properties") continue;
    if (k === "items") out.items = strict(v);
    else if (k === "anyOf") out.anyOf = v.map(strict);
    else if (k === "additionalProperties") out.additionalProperties = typeof v === "object" ? strict(v) : v;
    else out[k] = v;
  }
  if (s.properties) {
    // Strict mode wants every property required: an optional one becomes "X or null".
    const required = new Set<string>(s.required ?? []);
    out.properties = Object.fromEntries(
      Object.entries<Json>(s.properties).map(([k, p]) => {
        const ps = strict(p);
        if (required.has(k)) return [k, ps];
        const { description, ...rest } = ps;
        // A union stays one level deep: "A or B" becomes "A or B or null".
        const branches = Object.keys(rest).length === 1 && Array.isArray(rest.anyOf) ? rest.anyOf : [rest];
        return [k, { ...(description ? { description } : {}), anyOf: [...branches, { type: "null" }] }];
      }),
    );
    out.required = Object.keys(s.properties);
    out.additionalProperties = false;
  }
  // A free-form object (run_model's `input`) cannot be closed without refusing every field: it stays
  // open, which strict mode does not accept; per-model tools are the strict way to call one model.
  return out;
}

const GEMINI_KEYS = new Set([
  "type",
  "description",
  "enum",
  "items",
  "properties",
  "required",
  "minimum",
  "maximum",
  "minItems",
  "maxItems",
  "format",
]);

function gemini(s: Json, top = true): Json {
  let src = s;
  let note = "";
  if (Array.isArray(s.anyOf) && s.anyOf.length) {
    // Older Gemini schemas have no anyOf: the first branch is offered, the others described.
    const [first, ...others] = s.anyOf as Json[];
    note = others.length ? ` Also accepted: ${others.map(describeBranch).join("; ")}.` : "";
    const { anyOf: _a, ...rest } = s;
    src = { ...first, ...rest, description: rest.description ?? first!.description };
  }
  const out: Json = {};
  for (const [k, v] of Object.entries(src)) {
    if (!GEMINI_KEYS.has(k)) continue;
    if (k === "properties") out.properties = Object.fromEntries(Object.entries<Json>(v).map(([p, ps]) => [p, gemini(ps, false)]));
    else if (k === "items") out.items = gemini(v, false);
    else if (k === "format") {
      if (v === "date-time" && src.type === "string") out.format = v;
    } else if (k === "enum") {
      if (v.every((e: unknown) => typeof e === "string")) out.enum = v;
      else note += ` One of ${v.map((e: unknown) => JSON.stringify(e)).join(", ")}.`;
    } else out[k] = v;
  }
  if (!top && out.type === "object" && !Object.keys(out.properties ?? {}).length) {
    return { type: "string", description: `${out.description ?? ""}${note} A JSON object, written as a string.`.trim() };
  }
  if (note) out.description = `${out.description ?? ""}${note}`.trim();
  return out;
}

/** Under gemini-openapi a free-form object arrives as a JSON string: read it back as the object. */
export function parseJsonObjects(v: unknown): unknown {
  if (typeof v === "string" && /^\s*\{/.test(v)) {
    try {
      const o = JSON.parse(v);
      return o && typeof o === "object" && !Array.isArray(o) ? o : v;
    } catch {
      return v;
    }
  }
  if (Array.isArray(v)) return v.map(parseJsonObjects);
  if (!v || typeof v !== "object") return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, parseJsonObjects(x)]));
}

/** What a profile's client sends that the portable form would not, read back as the server expects. */
export function repairForProfile(profile: SchemaProfile, v: unknown): unknown {
  if (profile === "openai-strict") return dropNulls(v);
  if (profile === "gemini-openapi") return parseJsonObjects(v);
  return v;
}

function describeBranch(b: Json): string {
  if (Array.isArray(b.enum)) return `one of ${b.enum.map((e: unknown) => JSON.stringify(e)).join(", ")}`;
  if (b.type === "object" && b.properties) return `an object with ${Object.keys(b.properties).join(", ")}`;
  return String(b.type ?? "any value");
}

/** Under openai-strict a client sends null for every optional field it means to leave out. */
export function dropNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropNulls);
  if (!v || typeof v !== "object") return v;
  return Object.fromEntries(
    Object.entries(v)
      .filter(([, x]) => x !== null)
      .map(([k, x]) => [k, dropNulls(x)]),
  );
}
