import type { ToolInput } from "../../generated/tools.js";
import { loadModel } from "../models.js";
import { modelById, suggestEndpoints } from "../search.js";
import { fail, ok, type Handler } from "./context.js";

export function unknownEndpoint(id: string): string {
  const s = suggestEndpoints(id);
  return `Unknown endpoint_id "${id}".${s.length ? ` Did you mean: ${s.join(", ")}?` : ""} Use search_models to find one.`;
}

export const getModelSchemaTool: Handler<ToolInput<"get_model_schema">> = async ({ endpoint_id }) => {
  const mod = await loadModel(endpoint_id);
  if (!mod) return fail(unknownEndpoint(endpoint_id));
  const meta = modelById.get(endpoint_id);
  const required = mod.compact.input.filter((f) => f.required).map((f) => f.name);
  const structured = {
    endpoint_id,
    ...(meta ? { name: meta.name, category: meta.category } : {}),
    input: mod.compact.input,
    output: mod.compact.output,
    ...(mod.notes.length ? { notes: [...mod.notes] } : {}),
    openapi_resource: `fal://models/${endpoint_id}/openapi`,
  };
  const line = (f: (typeof mod.compact.input)[number]) =>
    `- ${f.name}${f.required ? " (required)" : ""}: ${f.type}${f.enum ? ` one of ${f.enum.map((e) => JSON.stringify(e)).join("|")}` : ""}${f.default !== undefined ? `, default ${JSON.stringify(f.default)}` : ""}${f.min !== undefined || f.max !== undefined ? `, range ${f.min ?? "…"}..${f.max ?? "…"}` : ""}${f.description ? ` — ${f.description}` : ""}`;
  const text = `${meta?.name ?? endpoint_id} (${endpoint_id})${meta ? ` [${meta.category}]` : ""}\nRequired: ${required.join(", ") || "none"}\nInput:\n${mod.compact.input.map(line).join("\n")}\nOutput: ${mod.compact.output.map((f) => f.name).join(", ")}`;
  return ok(structured, text);
};
