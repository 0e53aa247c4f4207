/**
 * The compact schema an LLM reads in `get_model_schema`: fields with type, required, default, enum and
 * limits, descriptions cut to one line. Raw OpenAPI costs 4-10x the tokens for the same decisions.
 */
import type { SchemaComponents, SchemaNode } from "./json-schema.js";

export interface CompactField {
  name: string;
  type: string;
  required?: boolean;
  default?: unknown;
  enum?: unknown[];
  /** Set when `enum` was cut to its first values: how many there are in all (the raw OpenAPI has them). */
  enum_total?: number;
  min?: number;
  max?: number;
  description?: string;
  /** Nested fields of an object (or an array of objects), one level deep at most. */
  fields?: CompactField[];
}

const REF = "#/components/schemas/";
const MAX_DESC = 160;
/** Long enums (voices, avatars: hundreds of ids) would swamp the context; the raw spec keeps them all. */
const MAX_ENUM = 24;

export function shortDescription(d: unknown): string | undefined {
  if (typeof d !== "string") return undefined;
  const one = d.replace(/\s+/g, " ").trim();
  if (!one) return undefined;
  const sentence = one.match(/^.*?[.!?](\s|$)/)?.[0]?.trim() ?? one;
  return sentence.length > MAX_DESC ? `${sentence.slice(0, MAX_DESC - 1)}…` : sentence;
}

export function compactFields(schema: SchemaNode | undefined, components: SchemaComponents, depth = 0): CompactField[] {
  const s = deref(schema, components);
  const required = new Set<string>(Array.isArray(s?.required) ? s.required : []);
  const props: Record<string, SchemaNode> = s?.properties ?? {};
  const orderRaw = s?.["x-fal-order-properties"];
  const order: string[] = Array.isArray(orderRaw) ? orderRaw : [];
  const names = [...order.filter((n) => n in props), ...Object.keys(props).filter((n) => !order.includes(n))];
  return names.map((name) => compactField(name, props[name], required.has(name), components, depth));
}

function compactField(
  name: string,
  raw: SchemaNode | undefined,
  required: boolean,
  components: SchemaComponents,
  depth: number,
): CompactField {
  const f: CompactField = { name, type: typeOf(raw, components) };
  if (required && raw?.default === undefined) f.required = true;
  const merged: SchemaNode = { ...deref(raw, components), ...stripRef(raw) };
  const flat = flatten(merged, components);
  if (merged.default !== undefined) f.default = merged.default;
  const en = flat.find((x) => Array.isArray(x.enum))?.enum;
  if (en) {
    f.enum = en.length > MAX_ENUM ? en.slice(0, MAX_ENUM) : en;
    if (en.length > MAX_ENUM) f.enum_total = en.length;
  }
  const min = first(flat, "minimum") ?? first(flat, "exclusiveMinimum") ?? first(flat, "minItems") ?? first(flat, "minLength");
  const max = first(flat, "maximum") ?? first(flat, "exclusiveMaximum") ?? first(flat, "maxItems") ?? first(flat, "maxLength");
  if (typeof min === "number" && min !== 0) f.min = min;
  if (typeof max === "number") f.max = max;
  const d = shortDescription(raw?.description ?? merged.description);
  if (d) f.description = d;
  if (depth < 1) {
    const obj =
      flat.find((x) => x.type === "object" && x.properties) ?? flat.map((x) => deref(x.items, components)).find((x) => x?.properties);
    if (obj?.properties && Object.keys(obj.properties).length <= 12) f.fields = compactFields(obj, components, depth + 1);
  }
  return f;
}

function first(list: SchemaNode[], key: string): unknown {
  for (const x of list) if (typeof x[key] === "number") return x[key];
  return undefined;
}

function stripRef(s: SchemaNode | undefined): SchemaNode {
  if (!s || typeof s !== "object") return {};
  const { $ref: _ref, allOf: _allOf, ...rest } = s;
  return rest;
}

function deref(s: SchemaNode | undefined, components: SchemaComponents): SchemaNode {
  if (typeof s?.$ref === "string" && s.$ref.startsWith(REF)) return components[s.$ref.slice(REF.length)] ?? {};
  if (Array.isArray(s?.allOf) && s.allOf.length === 1) return { ...deref(s.allOf[0], components), ...stripRef(s) };
  return s ?? {};
}

/** A schema and its anyOf/oneOf alternatives, refs resolved, nulls dropped. */
function flatten(s: SchemaNode, components: SchemaComponents): SchemaNode[] {
  const d = deref(s, components);
  const alts = d.anyOf ?? d.oneOf;
  if (Array.isArray(alts)) return [d, ...alts.map((a) => deref(a, components)).filter((a) => a.type !== "null")];
  return [d];
}

export function typeOf(s: SchemaNode | undefined, components: SchemaComponents): string {
  if (!s || typeof s !== "object") return "any";
  if (typeof s.$ref === "string" && s.$ref.startsWith(REF)) {
    const target = components[s.$ref.slice(REF.length)];
    return target?.type === "object" || target?.properties ? "object" : typeOf(target, components);
  }
  if (Array.isArray(s.allOf) && s.allOf.length === 1) return typeOf(s.allOf[0], components);
  const alts = s.anyOf ?? s.oneOf;
  if (Array.isArray(alts)) {
    const parts = alts.map((a) => typeOf(a, components));
    const nonNull = [...new Set(parts.filter((p) => p !== "null"))];
    const t = nonNull.join(" | ") || "null";
    return parts.includes("null") ? `${t} (nullable)` : t;
  }
  if (Array.isArray(s.enum)) return typeof s.enum[0] === "number" ? "number (enum)" : "enum";
  if (s.const !== undefined) return `const ${JSON.stringify(s.const)}`;
  if (s.type === "array") return `array<${typeOf(s.items, components)}>`;
  if (Array.isArray(s.type)) return s.type.join(" | ");
  if (s.type === "string" && (s["x-fal-file-input"] || uiField(s) || s._fal_ui_field)) return "string (url)";
  return s.type ?? (s.properties ? "object" : "any");
}

/** fal's UI hint (`ui.field`) that a string is a file URL. */
function uiField(s: SchemaNode): unknown {
  const ui = s.ui;
  return ui && typeof ui === "object" ? (ui as Record<string, unknown>).field : undefined;
}
