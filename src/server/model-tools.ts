/**
 * Per-model typed tools (`--tools fal-ai/flux/dev,category:text-to-image`): each named model becomes a
 * tool whose input schema is the model's generated Zod schema (so the client sees every parameter,
 * enum and default) and whose call runs the model like run_model.
 */
import { z } from "zod";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { loadModel } from "../models.js";
import { snapshotCatalog as catalog } from "../search.js";

const modelById = new Map(catalog.map((m) => [m.endpoint_id, m]));
import type { ModelModule } from "../../generated/models/index.js";

export interface ModelTool {
  name: string;
  endpointId: string;
  definition: Tool;
  module: ModelModule;
}

/** `fal-ai/flux/dev` → `fal-ai_flux_dev`: valid MCP tool name, stable, ≤ 64 chars, collision-free. */
export function toolNameFor(endpointId: string, taken: Set<string>): string {
  let name = endpointId.replace(/[^A-Za-z0-9_-]+/g, "_").replace(/_+/g, "_");
  const hash = fnv1a(endpointId);
  if (name.length > 64) name = `${name.slice(0, 55)}_${hash}`;
  if (taken.has(name)) name = `${name.slice(0, 55)}_${hash}`;
  taken.add(name);
  return name;
}

/** FNV-1a, 32-bit hex: a stable short suffix without node:crypto (runs on every runtime). */
function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, "0");
}

export function expandSelectors(spec: string): string[] {
  const out: string[] = [];
  for (const raw of spec.split(",").map((s) => s.trim()).filter(Boolean)) {
    if (raw.startsWith("category:")) {
      const cat = raw.slice("category:".length);
      const ids = catalog.filter((m) => m.category === cat).map((m) => m.endpoint_id);
      if (!ids.length) throw new Error(`--tools: no models in category "${cat}"`);
      out.push(...ids);
    } else {
      if (!modelById.has(raw)) throw new Error(`--tools: unknown endpoint id "${raw}"`);
      out.push(raw);
    }
  }
  return [...new Set(out)];
}

export async function buildModelTools(ids: string[], reserved: Iterable<string>): Promise<ModelTool[]> {
  const taken = new Set(reserved);
  const out: ModelTool[] = [];
  for (const id of ids) {
    const mod = (await loadModel(id))!;
    const meta = modelById.get(id)!;
    const toJson = (s: z.ZodType, io: "input" | "output") => {
      try {
        return z.toJSONSchema(s, { io, unrepresentable: "any" }) as Record<string, unknown>;
      } catch {
        return { type: "object" };
      }
    };
    const { $schema: _a, ...inputSchema } = toJson(mod.input, "input");
    const { $schema: _b, ...outputSchema } = toJson(mod.output, "output");
    const name = toolNameFor(id, taken);
    out.push({
      name,
      endpointId: id,
      module: mod,
      definition: {
        name,
        title: meta.name,
        description: `Run ${meta.name} (${id}, ${meta.category}) on fal and wait for the result. ${meta.description}`.slice(0, 1000),
        inputSchema: { ...inputSchema, type: "object" } as Tool["inputSchema"],
        // The call answers like run_model: the model's output sits under `result` once COMPLETED.
        outputSchema: {
          type: "object",
          properties: {
            status: { type: "string" }, endpoint_id: { type: "string" }, request_id: { type: "string" },
            result: outputSchema, media: { type: "array", items: { type: "object" } }, next_step: { type: "string" },
          },
          required: ["status", "endpoint_id", "request_id"],
        } as Tool["outputSchema"],
        annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
      },
    });
  }
  return out;
}
