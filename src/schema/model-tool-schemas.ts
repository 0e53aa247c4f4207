/**
 * The schemas of a per-model tool, made at codegen time from the model's OpenAPI: its `$ref`s inlined,
 * then the portable form (portable.ts) of its input and of the answer a call gives.
 */
import { type Json, portable } from "./portable.js";

const REF = "#/components/schemas/";

/** Inline every local `$ref` (normalize refuses recursive schemas, so this terminates) and single-`allOf` wrappers. */
export function inlineRefs(node: unknown, components: Record<string, Json>, depth = 0): unknown {
  if (depth > 64) throw new Error("schema nests deeper than 64 levels");
  if (Array.isArray(node)) return node.map((n) => inlineRefs(n, components, depth + 1));
  if (!node || typeof node !== "object") return node;
  let s = node as Json;
  if (typeof s.$ref === "string" && s.$ref.startsWith(REF) && components[s.$ref.slice(REF.length)]) {
    const { $ref, ...rest } = s;
    s = { ...components[$ref.slice(REF.length)], ...rest };
    return inlineRefs(s, components, depth + 1);
  }
  if (Array.isArray(s.allOf)) {
    const { allOf, ...rest } = s;
    // fal's allOfs wrap one ref (pydantic's way to attach a description); several are merged shallowly.
    const parts = allOf.map((a: unknown) => inlineRefs(a, components, depth + 1));
    const merged: Json = {};
    for (const p of parts) {
      for (const [k, v] of Object.entries(p as Json)) {
        if (k === "properties") merged.properties = { ...merged.properties, ...v };
        else if (k === "required") merged.required = [...new Set([...(merged.required ?? []), ...v])];
        else merged[k] = v;
      }
    }
    return inlineRefs({ ...merged, ...rest }, components, depth + 1);
  }
  const out: Json = {};
  for (const [k, v] of Object.entries(s))
    out[k] =
      k === "default" || k === "enum" || k === "const" || k === "examples" || k === "example" ? v : inlineRefs(v, components, depth + 1);
  return out;
}

/** The tool schemas of one per-model tool: input as the model writes it, output as the call answers. */
export function modelToolSchemas(
  inputSchema: unknown,
  outputSchema: unknown,
  components: Record<string, Json>,
): { input: Json; output: Json } {
  const input = portable(inlineRefs(inputSchema, components), "input");
  const result = portable(inlineRefs(outputSchema, components), "output");
  return {
    input: { ...input, type: "object" },
    // The call answers like run_model: the model's output sits under `result` once COMPLETED.
    output: {
      type: "object",
      properties: {
        status: { type: "string" },
        endpoint_id: { type: "string" },
        request_id: { type: "string" },
        result,
        media: { type: "array", items: { type: "object" } },
        next_step: { type: "string" },
      },
      required: ["status", "endpoint_id", "request_id"],
    },
  };
}
