/**
 * Stage 2, patch: repair known fal data-quality quirks in a per-model spec, in place, recording a note for
 * each fix so the generated module (and `get_model_schema`) can say what was changed and why.
 */
import type { SpecNode } from "./specs.js";

export interface Patched {
  spec: SpecNode;
  notes: string[];
}

const clone = <T>(v: T): T => structuredClone(v);

export function patchModelSpec(spec: SpecNode): Patched {
  const out = clone(spec);
  const notes: string[] = [];
  const schemas: Record<string, SpecNode> = out.components?.schemas ?? {};

  const visit = (node: SpecNode, path: string): SpecNode => {
    if (Array.isArray(node)) return node.map((n, i) => visit(n, `${path}/${i}`));
    if (!node || typeof node !== "object") return node;
    // fal-js had to patch refs to schemas the spec never defines (e.g. `TrackPoint`): we cannot know the
    // shape, so the closest safe schema is "any value", and we say so rather than guess.
    if (typeof node.$ref === "string") {
      const name = node.$ref.replace("#/components/schemas/", "");
      if (!schemas[name]) {
        notes.push(`${path}: $ref to undefined schema "${name}" replaced by an unconstrained value`);
        const { $ref, ...rest } = node;
        return { ...rest, description: rest.description ?? `Undocumented (${name})` };
      }
    }
    // An integer field whose own default is fractional (fal-ai/flowedit: `tar_guidance_scale`, integer
    // 0–30, default 5.5): fal's default proves the model takes fractions, so the type is widened to
    // number rather than the default dropped (which would send 5 where fal means 5.5).
    if (typeof node.default === "number" && !Number.isInteger(node.default)) {
      const widen = (s: SpecNode) => (s?.type === "integer" ? { ...s, type: "number" } : s);
      const widened = { ...widen(node), ...(Array.isArray(node.anyOf) ? { anyOf: node.anyOf.map(widen) } : {}) };
      if (JSON.stringify(widened) !== JSON.stringify(node)) {
        notes.push(`${path}: integer type widened to number to admit its own default ${node.default}`);
        node = widened;
      }
    }
    // `format: "binary"` is OpenAPI's word for raw bytes in a multipart body; in fal's JSON bodies the
    // value is base64 text (fal-ai/personaplex/realtime says so). JSON Schema's keyword for that is
    // `contentEncoding` (same Zod check, `.base64()`); the unknown format made the SDK client's Ajv warn
    // "unknown format" on every tools/list.
    if (node.format === "binary" && node.type === "string") {
      notes.push(`${path}: format "binary" (a JSON string) replaced by contentEncoding "base64"`);
      const { format: _f, ...rest } = node;
      node = { ...rest, contentEncoding: "base64" };
    }
    // A default whose type contradicts the declared type (fal-js saw `{type: "string", default: 129}`):
    // a string default on a string is kept; a number for a string is converted, anything else dropped.
    const declared = declaredType(node, schemas);
    if ("default" in node && declared && !defaultFits(declared, node.default)) {
      if (declared === "string" && (typeof node.default === "number" || typeof node.default === "boolean")) {
        notes.push(`${path}: default ${JSON.stringify(node.default)} converted to the string its type requires`);
        node = { ...node, default: String(node.default) };
      } else {
        notes.push(`${path}: default ${JSON.stringify(node.default)} does not match type ${declared} and was dropped`);
        const { default: _d, ...rest } = node;
        node = rest;
      }
    }
    if ("default" in node && Array.isArray(node.enum) && !node.enum.some((e: unknown) => e === node.default)) {
      notes.push(`${path}: default ${JSON.stringify(node.default)} is not one of its enum values and was dropped`);
      const { default: _d, ...rest } = node;
      node = rest;
    }
    const res: SpecNode = {};
    for (const [k, v] of Object.entries(node))
      res[k] = k === "examples" || k === "default" || k === "enum" || k === "const" ? v : visit(v, `${path}/${k}`);
    return res;
  };
  if (out.components?.schemas) {
    for (const name of Object.keys(schemas)) schemas[name] = visit(schemas[name], `#/components/schemas/${name}`);
  }
  return { spec: out, notes };
}

/** The node's own `type`, or that of the schema its `$ref` (or single-`allOf` ref) points at. */
function declaredType(node: SpecNode, schemas: Record<string, SpecNode>): string | undefined {
  if (typeof node.type === "string") return node.type;
  const ref = node.$ref ?? (Array.isArray(node.allOf) && node.allOf.length === 1 ? node.allOf[0]?.$ref : undefined);
  const target = typeof ref === "string" ? schemas[ref.replace("#/components/schemas/", "")] : undefined;
  if (!target) return undefined;
  return typeof target.type === "string" ? target.type : target.properties ? "object" : undefined;
}

function defaultFits(type: string, value: unknown): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "integer":
      return Number.isInteger(value);
    case "number":
      return typeof value === "number";
    case "boolean":
      return typeof value === "boolean";
    case "array":
      return Array.isArray(value);
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    case "null":
      return value === null;
    default:
      return true;
  }
}
