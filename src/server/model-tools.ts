/**
 * Per-model typed tools (`--tools fal-ai/flux/dev,category:text-to-image`): each named model becomes a
 * tool whose input schema is the portable form of the model's schema (so the client sees every parameter,
 * enum, default and limit) and whose call runs the model like run_model.
 */
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { loadModel } from "../catalog/models.js";
import { snapshotCatalog as catalog } from "../catalog/search.js";

const modelById = new Map(catalog.map((m) => [m.endpoint_id, m]));
import type { ModelModule } from "../../generated/models/index.js";
import { TOOL_NAMES } from "../tools/traits.js";

export interface ModelTool {
  name: string;
  endpointId: string;
  definition: Tool;
  module: ModelModule;
}

/** Longest per-model tool name: Claude allows 64 for `mcp__<server>__<tool>`, so 48 leaves 16 for the prefix. */
export const MAX_TOOL_NAME = 48;

/**
 * The tool name of an endpoint, computed from the id alone (the same in every selection): `fal-ai/flux/dev`
 * → `flux_dev` (the `fal-ai_` prefix says nothing on a fal server), other owners kept
 * (`bria/fibo/generate` → `bria_fibo_generate`); past 48 characters, or when two catalog ids would share a
 * name, cut and suffixed with a stable hash of the id.
 */
export function toolNameFor(endpointId: string): string {
  return catalogNames().get(endpointId) ?? baseName(endpointId, new Set());
}

function baseName(endpointId: string, clashes: Set<string>): string {
  let name = endpointId
    .replace(/^fal-ai\//, "")
    .replace(/[^A-Za-z0-9_-]+/g, "_")
    .replace(/_+/g, "_");
  if (name.length > MAX_TOOL_NAME || clashes.has(name))
    name = `${name.slice(0, MAX_TOOL_NAME - 9).replace(/[_-]+$/, "")}_${fnv1a(endpointId)}`;
  return name;
}

let names: Map<string, string> | undefined;
/** Names for the whole catalog at once, so a clash is resolved the same way whatever the selection. */
function catalogNames(): Map<string, string> {
  if (names) return names;
  const plain = new Map<string, string[]>();
  for (const m of catalog) {
    const n = baseName(m.endpoint_id, new Set());
    plain.set(n, [...(plain.get(n) ?? []), m.endpoint_id]);
  }
  const clashes = new Set([...plain].filter(([, ids]) => ids.length > 1).map(([n]) => n));
  // A per-model tool never takes one of the nine tools' names.
  for (const t of TOOL_NAMES) clashes.add(t);
  names = new Map(catalog.map((m) => [m.endpoint_id, baseName(m.endpoint_id, clashes)]));
  return names;
}

/** FNV-1a, 32-bit hex: a stable short suffix without node:crypto (runs on every runtime). */
function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, "0");
}

/**
 * What clients do with a long tool list (the sources are named in test/portable/names-counts.test.ts):
 * said at start when `--tools` passes each limit, pointing at run_model + get_model_schema instead.
 */
export const TOOL_LIMITS = [
  {
    over: 40,
    what: "Cursor sends only the first 40 tools to its model; the rest are never seen",
    source: "docs.cursor.com/context/model-context-protocol#tool-quantity",
  },
  {
    over: 100,
    what: "Windsurf (Cascade) allows at most 100 tools in total and stops adding past it",
    source: "docs.windsurf.com/windsurf/cascade/mcp (Configuring MCP tools)",
  },
  {
    over: 128,
    what: "VS Code (Copilot) and OpenAI's API (Codex, ChatGPT, the Agents SDK) refuse a request with more than 128 tools",
    source:
      'VS Code chat error "You may not include more than 128 tools in your request" (issue #17); OpenAI API "array too long ... maximum length 128" (zed-industries/zed#32946)',
  },
] as const;

export function toolCountWarnings(total: number): string[] {
  return TOOL_LIMITS.filter((l) => total > l.over).map(
    (l) =>
      `warning: ${total} tools listed (> ${l.over}): ${l.what}. Prefer fewer --tools; run_model + get_model_schema reach every model with 2 tools.`,
  );
}

export function expandSelectors(spec: string): string[] {
  const out: string[] = [];
  for (const raw of spec
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (raw === "all") out.push(...catalog.map((m) => m.endpoint_id));
    else if (raw.startsWith("category:")) {
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

export async function buildModelTools(ids: string[]): Promise<ModelTool[]> {
  const out: ModelTool[] = [];
  for (const id of ids) {
    const mod = (await loadModel(id))!;
    const meta = modelById.get(id)!;
    const name = toolNameFor(id);
    out.push({
      name,
      endpointId: id,
      module: mod,
      definition: {
        name,
        title: meta.name,
        description: `Run ${meta.name} (${id}, ${meta.category}) on fal and wait for the result. ${meta.description}`.slice(0, 1000),
        // Portable JSON Schemas made by codegen; calls are still validated with the full Zod schema.
        inputSchema: mod.toolSchemas.input as Tool["inputSchema"],
        outputSchema: mod.toolSchemas.output as Tool["outputSchema"],
        annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
      },
    });
  }
  return out;
}
