import type { ToolInput } from "../../generated/tools.js";
import { loadModel } from "../catalog/models.js";
import { current } from "../catalog/search.js";
import { createFalClient } from "../fal/client.js";
import { compactFields, type CompactField } from "../schema/compact.js";
import { modelSchemaRefs } from "../schema/model-refs.js";
import { fail, falFailure, ok, type Handler } from "./context.js";
import { unknownEndpoint } from "./lookups.js";

/** The parts of a live model OpenAPI this reads. */
interface LiveSpec {
  paths?: Record<string, unknown>;
  components?: { schemas?: Record<string, Record<string, unknown>> };
}

/** A model fal lists live but this build has no generated module for: compact its live OpenAPI. */
async function liveCompact(
  id: string,
  ctx: Parameters<Handler<unknown>>[1],
): Promise<{ input: CompactField[]; output: CompactField[] } | undefined> {
  const fal = ctx.fal ?? createFalClient({ urls: ctx.urls });
  const r = await fal.searchModels({ endpoint_id: [id], expand: ["openapi-3.0"] }, { signal: ctx.signal });
  const spec = (r?.models?.[0] as { openapi?: LiveSpec } | undefined)?.openapi;
  if (!spec?.paths) return undefined;
  const { input: inName, output: outName } = modelSchemaRefs(spec, id);
  const comps = spec.components?.schemas ?? {};
  if (!inName || !comps[inName]) return undefined;
  return { input: compactFields(comps[inName], comps), output: outName && comps[outName] ? compactFields(comps[outName], comps) : [] };
}

export const getModelSchemaTool: Handler<ToolInput<"get_model_schema">> = async ({ endpoint_id }, ctx) => {
  const meta = current().byId.get(endpoint_id);
  const mod = await loadModel(endpoint_id);
  let compact = mod?.compact;
  let source = "embedded";
  if (!compact && meta) {
    try {
      compact = await liveCompact(endpoint_id, ctx);
      source = "live";
    } catch (e) {
      return falFailure(e, `fetching the schema of ${endpoint_id} from fal`);
    }
  }
  if (!compact) return fail(unknownEndpoint(endpoint_id));
  const required = compact.input.filter((f) => f.required).map((f) => f.name);
  const structured = {
    endpoint_id,
    ...(meta ? { name: meta.name, category: meta.category } : {}),
    input: compact.input,
    output: compact.output,
    ...(mod?.notes.length ? { notes: [...mod.notes] } : {}),
    ...(mod ? { openapi_resource: `fal://models/${endpoint_id}/openapi` } : {}),
    source,
  };
  const line = (f: CompactField) =>
    `- ${f.name}${f.required ? " (required)" : ""}: ${f.type}${f.enum ? ` one of ${f.enum.map((e) => JSON.stringify(e)).join("|")}${f.enum_total ? ` (+${f.enum_total - f.enum.length} more: see the openapi resource)` : ""}` : ""}${f.default !== undefined ? `, default ${JSON.stringify(f.default)}` : ""}${f.min !== undefined || f.max !== undefined ? `, range ${f.min ?? "…"}..${f.max ?? "…"}` : ""}${f.description ? ` — ${f.description}` : ""}`;
  const text = `${meta?.name ?? endpoint_id} (${endpoint_id})${meta ? ` [${meta.category}]` : ""}\nRequired: ${required.join(", ") || "none"}\nInput:\n${compact.input.map(line).join("\n")}\nOutput: ${compact.output.map((f) => f.name).join(", ")}`;
  return ok(structured, text);
};
