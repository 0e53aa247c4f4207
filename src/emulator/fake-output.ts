/**
 * A model output that conforms to the model's output schema: required fields filled, media objects
 * pointing at files the emulator serves, `prompt`/`seed` echoed from the input when the schema has them.
 */
import type { SchemaComponents, SchemaNode } from "../schema/json-schema.js";
import { mediaKind, SAMPLES } from "./media.js";

const REF = "#/components/schemas/";

export function fakeOutput(schema: SchemaNode, components: SchemaComponents, input: Record<string, unknown>, fileBase: string): unknown {
  return gen(schema, components, input, fileBase, "output", 0, true);
}

function resolve(s: SchemaNode | undefined, components: SchemaComponents): SchemaNode {
  let cur = s;
  for (let i = 0; i < 10 && cur; i++) {
    if (typeof cur.$ref === "string") cur = { ...components[cur.$ref.slice(REF.length)], ...without(cur, "$ref") };
    else if (Array.isArray(cur.allOf) && cur.allOf.length === 1) cur = { ...resolve(cur.allOf[0], components), ...without(cur, "allOf") };
    else break;
  }
  return cur ?? {};
}

function without(o: SchemaNode, k: string): SchemaNode {
  const { [k]: _, ...rest } = o;
  return rest;
}

function gen(
  raw: SchemaNode,
  components: SchemaComponents,
  input: Record<string, unknown>,
  fileBase: string,
  name: string,
  depth: number,
  top = false,
): unknown {
  const s = resolve(raw, components);
  if (depth > 8) return null;
  const alts = s.anyOf ?? s.oneOf;
  if (Array.isArray(alts)) {
    const pick = alts.map((a) => resolve(a, components)).find((a) => a.type !== "null") ?? alts[0];
    return gen({ ...without(without(s, "anyOf"), "oneOf"), ...pick }, components, input, fileBase, name, depth);
  }
  if (s.const !== undefined) return s.const;
  if (Array.isArray(s.enum)) return s.default !== undefined && s.enum.includes(s.default) ? s.default : s.enum[0];
  const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== "null") : (s.type ?? (s.properties ? "object" : undefined));
  switch (type) {
    case "object": {
      const props: Record<string, SchemaNode> = s.properties ?? {};
      const required = new Set<string>(s.required ?? []);
      const isMedia = "url" in props;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(props)) {
        const pv = resolve(v, components);
        const wanted =
          required.has(k) || (isMedia && (k === "content_type" || k === "file_name")) || (top && looksLikeMedia(k, pv, components));
        if (!wanted) continue;
        if (k === "url" && isMedia) {
          const kind = mediaKind(`${name} ${s.title ?? ""}`);
          out[k] = `${fileBase}/files/sample/${SAMPLES[kind]!.file}`;
        } else if (k === "content_type" && isMedia) out[k] = SAMPLES[mediaKind(`${name} ${s.title ?? ""}`)]!.contentType;
        else if (k === "file_name" && isMedia) out[k] = SAMPLES[mediaKind(`${name} ${s.title ?? ""}`)]!.file;
        // Echo scalars only (prompt, seed): an input object of the same name (ltx extend's `video`
        // conditioning) has another shape than the output's file.
        else if (top && k in input && input[k] !== undefined && typeof input[k] !== "object" && typeof input[k] === jsonType(pv))
          out[k] = input[k];
        else out[k] = gen(v, components, input, fileBase, k === "url" ? name : k, depth + 1);
      }
      return out;
    }
    case "array": {
      const n = Math.max(1, s.minItems ?? 1);
      return Array.from({ length: Math.min(n, s.maxItems ?? n) }, () => gen(s.items ?? {}, components, input, fileBase, name, depth + 1));
    }
    case "string":
      if (s.default !== undefined) return s.default;
      if (/url$/i.test(name)) return `${fileBase}/files/sample/${SAMPLES[mediaKind(name)]!.file}`;
      return "x".repeat(Math.max(s.minLength ?? 0, 1)).slice(0, s.maxLength ?? 64) || "emulated";
    case "integer":
    case "number": {
      if (typeof s.default === "number") return s.default;
      let v = typeof s.minimum === "number" ? s.minimum : typeof s.exclusiveMinimum === "number" ? s.exclusiveMinimum + 1 : 1;
      if (typeof s.maximum === "number") v = Math.min(v, s.maximum);
      return type === "integer" ? Math.ceil(v) : v;
    }
    case "boolean":
      return typeof s.default === "boolean" ? s.default : false;
    case "null":
      return null;
    default:
      return s.default ?? null;
  }
}

function jsonType(s: SchemaNode): string {
  const t = Array.isArray(s.type) ? s.type[0] : s.type;
  return t === "integer" ? "number" : (t ?? "undefined");
}

/** Optional top-level fields worth filling: media (so the demo shows something) — never arbitrary extras. */
function looksLikeMedia(name: string, s: SchemaNode, components: SchemaComponents): boolean {
  if (!/image|video|audio|mesh|model|file/.test(name)) return false;
  const r = resolve(s.anyOf?.[0] ?? s, components);
  return Boolean(r.properties?.url || resolve(r.items ?? {}, components).properties?.url);
}
