/**
 * The portable form of a JSON Schema we publish in tools/list: one dialect every MCP client accepts
 * (Claude, ChatGPT/Codex, Gemini, Cursor, VS Code, Windsurf). Applied by codegen to the nine tools and
 * to every per-model tool; the server keeps validating with the full Zod schema, so nothing fal accepts
 * is refused (a null the portable form no longer mentions is still accepted).
 *
 * Input side (what a model writes): no null branches or type arrays (Cursor's argument check), `enum`
 * for `const` and unions of consts, inclusive bounds only (Gemini's OpenAPI subset), no `propertyNames`,
 * `additionalProperties: true`, ±2^53 bounds or unknown `format`s, nested unions flattened, `$ref`s
 * inlined, and defaults and limits repeated in the description because Codex and VS Code drop the
 * keywords. Output side (what a client validates `structuredContent` against): the same dialect, but
 * kept true: objects open, `required` only where fal's spec requires it, no enums/bounds/formats (fal may
 * widen them), a nullable value unconstrained.
 */
export type Side = "input" | "output";
// biome-ignore lint/suspicious/noExplicitAny: a schema node rewritten keyword by keyword (fal's specs vary); test/portable/* validates the outputs
export type Json = Record<string, any>;
/** Formats Ajv (the SDK client's validator) knows and clients pass through; others make Ajv warn. */
export const PORTABLE_FORMATS = new Set(["date-time", "date", "time", "email", "uri", "uuid"]);
/** The keywords a portable schema may carry (Codex keeps a subset of these; see the tests). */
export const PORTABLE_KEYWORDS = new Set([
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
]);
const OUTPUT_KEYWORDS = new Set(["type", "description", "items", "properties", "required", "additionalProperties", "anyOf"]);
const SAFE = Number.MAX_SAFE_INTEGER;

const isNull = (s: Json | null | undefined) =>
  s &&
  typeof s === "object" &&
  (s.type === "null" || (Array.isArray(s.enum) && s.enum.length === 1 && s.enum[0] === null) || s.const === null);
const isUnconstrained = (s: Json) => !Object.keys(s).some((k) => k !== "description" && k !== "default");
const oneLine = (d: string) => d.replace(/\s+/g, " ").trim();

export interface PortableOptions {
  /**
   * Say string length caps in descriptions (default true). The nine tools' caps are our own input-size
   * guards (hardening) that no sensible value approaches: they stay as keywords, and leaving them out of
   * the words keeps the nine's tools/list within its 2,500-token budget. fal's caps (a model's prompt
   * length) are real limits and are always said.
   */
  lengthHints?: boolean;
}

/** The portable form of one (ref-free) schema. */
export function portable(schema: unknown, side: Side, options: PortableOptions = {}): Json {
  lengthHints = options.lengthHints ?? true;
  try {
    return node(schema && typeof schema === "object" ? (schema as Json) : {}, side);
  } finally {
    lengthHints = true;
  }
}
// Set for the duration of one synchronous portable() call.
let lengthHints = true;

function node(src: Json, side: Side): Json {
  const s: Json = { ...src };
  let nullable = s.nullable === true;
  delete s.nullable;
  if ("const" in s) {
    // `const` → one-value `enum` (Gemini's OpenAPI subset and older Cursor builds reject `const`).
    if (s.const === null) nullable = true;
    else s.enum = [s.const];
    delete s.const;
  }
  if (Array.isArray(s.enum) && s.enum.includes(null)) {
    nullable = true;
    s.enum = s.enum.filter((e: unknown) => e !== null);
    if (!s.enum.length) delete s.enum;
  }
  if (Array.isArray(s.type)) {
    // Type arrays (`["string","null"]`) → the non-null type; several non-null types → anyOf.
    const types = s.type.filter((t: string) => t !== "null");
    nullable ||= types.length < s.type.length;
    delete s.type;
    if (types.length === 1) s.type = types[0];
    else if (types.length > 1) s.anyOf = [...(s.anyOf ?? []), ...types.map((t: string) => ({ type: t }))];
  }
  if (s.type === "null") {
    nullable = true;
    delete s.type;
  }
  const alts = [...(Array.isArray(s.anyOf) ? s.anyOf : []), ...(Array.isArray(s.oneOf) ? s.oneOf : [])];
  delete s.anyOf;
  delete s.oneOf;
  const flat = flatten(alts);
  const nonNull = flat.filter((a) => !isNull(a));
  nullable ||= nonNull.length < flat.length;
  // A value fal may send as null stays unconstrained in an output schema: a union with null is what
  // Cursor-style checks refuse, and anything narrower would reject a real result.
  if (side === "output" && nullable)
    return typeof s.description === "string" && s.description.trim() ? { description: oneLine(s.description) } : {};
  if (nonNull.length === 1) {
    // One non-null branch (`anyOf: [X, null]`): the property simply has X's type; the server still accepts null.
    const b = nonNull[0]!;
    return node(
      { ...b, ...s, ...(s.description === undefined && b.description !== undefined ? { description: b.description } : {}) },
      side,
    );
  }
  if (nonNull.length > 1) {
    const branches = nonNull.map((b) => node(b, side));
    if (branches.some(isUnconstrained)) {
      // A branch that accepts anything makes the union accept anything: say nothing rather than guess.
    } else if (
      branches.every((b) => Array.isArray(b.enum) && Object.keys(b).every((k) => k === "enum" || k === "type" || k === "description"))
    ) {
      // anyOf of consts/enums → one enum (typed when every branch agrees).
      s.enum = [...new Set(branches.flatMap((b) => b.enum))];
      const types = new Set(branches.map((b) => b.type));
      if (types.size === 1 && branches[0]!.type) s.type = branches[0]!.type;
    } else {
      // A real choice (e.g. an image size object or a preset name): kept, every branch typed.
      s.anyOf = branches.map(({ default: _d, ...b }) => b);
    }
  }
  if (!s.type && !s.anyOf) {
    if (s.properties) s.type = "object";
    else if (s.items) s.type = "array";
    else if (Array.isArray(s.enum) && s.enum.length) {
      const t = new Set(s.enum.map(jsonType));
      if (t.size === 1) s.type = [...t][0];
    }
  }
  return side === "input" ? finishInput(s) : finishOutput(s);
}

/** anyOf inside anyOf (with nothing else beside it) is the same union, one level up. */
function flatten(alts: unknown[]): Json[] {
  const out: Json[] = [];
  for (const a of alts) {
    if (!a || typeof a !== "object") continue;
    const b = a as Json;
    const inner = b.anyOf ?? b.oneOf;
    if (Array.isArray(inner) && Object.keys(b).every((k) => k === "anyOf" || k === "oneOf" || k === "description" || k === "title"))
      out.push(...flatten(inner));
    else out.push(b);
  }
  return out;
}

function jsonType(v: unknown): string {
  if (Number.isInteger(v)) return "integer";
  if (Array.isArray(v)) return "array";
  return v === null ? "null" : typeof v;
}

function finishInput(s: Json): Json {
  const notes: string[] = [];
  // Exclusive bounds → inclusive: integers move by one, numbers keep the bound and say "greater than".
  for (const [ex, inc, op, step] of [
    ["exclusiveMinimum", "minimum", ">", 1],
    ["exclusiveMaximum", "maximum", "<", -1],
  ] as const) {
    const v = s[ex];
    if (typeof v === "number") {
      if (s.type === "integer") s[inc] = Math.floor(v) + step;
      else {
        s[inc] = v;
        notes.push(`${op} ${v}`);
      }
    } else if (v === true && typeof s[inc] === "number" && s.type !== "integer") notes.push(`${op} ${s[inc]}`);
    else if (v === true && typeof s[inc] === "number") s[inc] += step;
    delete s[ex];
  }
  // ±2^53 bounds (pydantic's "any 64-bit seed") say nothing a model needs and break some validators.
  for (const k of ["minimum", "maximum"]) if (typeof s[k] === "number" && Math.abs(s[k]) >= SAFE) delete s[k];
  if (typeof s.multipleOf === "number") notes.push(`multiple of ${s.multipleOf}`);
  // A base64 string (patch.ts turns fal's `format: "binary"` into contentEncoding) is said in words.
  if (s.contentEncoding === "base64") notes.push("base64");
  if (s.format !== undefined && !PORTABLE_FORMATS.has(s.format)) delete s.format;
  if (
    s.additionalProperties === true ||
    (s.additionalProperties && typeof s.additionalProperties === "object" && isUnconstrained(s.additionalProperties))
  )
    delete s.additionalProperties;
  const out: Json = {};
  for (const [k, v] of Object.entries(s)) {
    if (!PORTABLE_KEYWORDS.has(k)) continue;
    if (k === "properties") out.properties = Object.fromEntries(Object.entries<Json>(v).map(([p, ps]) => [p, typed(node(ps, "input"))]));
    else if (k === "items") out.items = typed(Array.isArray(v) ? node({ anyOf: v }, "input") : node(v, "input"));
    else if (k === "additionalProperties" && typeof v === "object") out.additionalProperties = node(v, "input");
    else if (k === "required") {
      const req = (v as string[]).filter((r) => s.properties?.[r] !== undefined);
      if (req.length) out.required = req;
    } else out[k] = v;
  }
  if (s.prefixItems && !out.items) out.items = node({ anyOf: s.prefixItems }, "input");
  const hint = limitsHint(out, notes);
  const desc = oneLine([typeof out.description === "string" ? out.description : "", hint ? `(${hint})` : ""].filter(Boolean).join(" "));
  if (desc) out.description = desc;
  else delete out.description;
  return order(out);
}

/**
 * A property or item with no type at all (fal's schema left it open, or a dangling `$ref` was patched to
 * `{}`): Gemini refuses an untyped node and Codex reads one as a string. It gets its default's type, else
 * "object" (what a `$ref` names). The server's own validation is unchanged, so it still accepts any value.
 */
function typed(n: Json): Json {
  if (n.type || n.anyOf || n.enum) return n;
  const t = n.default !== undefined && n.default !== null ? jsonType(n.default) : "object";
  return order({ ...n, type: t === "null" ? "object" : t });
}

/** "default 28; 1–50": the default and limits in words, for clients that drop the keywords. */
export function limitsHint(s: Json, extra: string[] = []): string {
  const desc = typeof s.description === "string" ? s.description : "";
  const parts: string[] = [];
  if (s.default !== undefined && !/\bdefault/i.test(desc)) {
    const d = JSON.stringify(s.default);
    parts.push(`default ${d.length > 40 ? `${d.slice(0, 37)}…` : d}`);
  }
  const range = (lo: unknown, hi: unknown, unit = "") => {
    const l = typeof lo === "number" ? lo : undefined;
    const h = typeof hi === "number" ? hi : undefined;
    if (l !== undefined && h !== undefined) return `${l}–${h}${unit}`;
    if (l !== undefined) return `≥ ${l}${unit}`;
    if (h !== undefined) return `≤ ${h}${unit}`;
    return undefined;
  };
  // An exclusive bound already says "> n": the inclusive minimum n it became is not repeated.
  const lo = extra.some((e) => e.startsWith("> ")) ? undefined : s.minimum;
  const hi = extra.some((e) => e.startsWith("< ")) ? undefined : s.maximum;
  const num = range(lo, hi);
  // Already said in words ("max 100", or by an earlier pass): not repeated.
  if (num && ![lo, hi].every((b) => b === undefined || saysNumber(desc, b as number))) parts.push(num);
  // Lengths: the cap is what a model can run into (a minimum of 1–3 characters says nothing useful).
  const len = range(typeof s.minLength === "number" && s.minLength > 3 ? s.minLength : undefined, s.maxLength, " chars");
  if (len && lengthHints) parts.push(len);
  const items = range(s.minItems, s.maxItems, " items");
  if (items) parts.push(items);
  parts.push(...extra);
  return parts.filter((p) => !desc.includes(p)).join("; ");
}

/** Whether a text mentions a number as a whole ("100" does not mention 1 or 10). */
export function saysNumber(text: string, n: number): boolean {
  return new RegExp(`(^|[^\\d.])${String(n).replace(/[.+-]/g, "\\$&")}(?![\\d]|\\.\\d)`).test(text);
}

function finishOutput(s: Json): Json {
  const desc = typeof s.description === "string" ? oneLine(s.description) : "";
  const out: Json = {};
  for (const [k, v] of Object.entries(s)) {
    if (!OUTPUT_KEYWORDS.has(k)) continue;
    if (k === "properties") out.properties = Object.fromEntries(Object.entries<Json>(v).map(([p, ps]) => [p, node(ps, "output")]));
    else if (k === "items") out.items = Array.isArray(v) ? {} : node(v, "output");
    // Results stay open: a field fal adds tomorrow must not fail the client's check today.
    else if (k === "additionalProperties") {
      if (v && typeof v === "object" && !isUnconstrained(v)) out.additionalProperties = node(v, "output");
    } else if (k === "required") {
      const req = (v as string[]).filter((r) => s.properties?.[r] !== undefined);
      if (req.length) out.required = req;
    } else if (k === "anyOf") out.anyOf = v;
    else out[k] = v;
  }
  if (desc) out.description = desc;
  return order(out);
}

/** Stable key order (type first, then description) so generated output is deterministic and readable. */
function order(s: Json): Json {
  const keys = [
    "type",
    "description",
    ...Object.keys(s)
      .filter((k) => k !== "type" && k !== "description")
      .sort(),
  ];
  return Object.fromEntries(keys.filter((k) => k in s).map((k) => [k, s[k]]));
}
