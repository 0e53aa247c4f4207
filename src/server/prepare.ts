/**
 * Everything immutable a server needs, computed once per process: which tools are enabled, the tool
 * list (and its JSON, the answer to every tools/list), per-model tools, the model allow-list. Loads no
 * SDK and no validator, so a cold process can answer tools/list at once.
 */
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { toolDefinitions, type ToolName } from "../../generated/tool-definitions.js";
import { READ_ONLY } from "../tools/traits.js";
import { globMatcher, type ServerOptions } from "./options.js";
import type { ModelTool } from "./model-tools.js";
import { profileSchema, type SchemaProfile } from "../schema/profiles.js";
import { withViewer } from "../app/tools.js";

export interface Prepared {
  list: Tool[];
  /** `{"tools":[...]}` serialized once: the answer to every tools/list. */
  listJson: string;
  enabled: Set<ToolName>;
  modelTools: Map<string, ModelTool>;
  allowModel: (id: string) => boolean;
  /** The dialect `list` is in, and the portable list every other profile is made from. */
  profile: SchemaProfile;
  portable: Tool[];
  /** A per-connection cost ceiling (OAuth sign-in limits): run/submit use the lower of it and max_cost_usd. */
  maxCostUsd?: number;
  /** For clients that announced the MCP Apps extension: the list with the viewer's app-only tool. */
  ui: { list: Tool[]; listJson: string };
}

/** The same server in another schema dialect (made once per profile, then shared). */
/** The list for clients that announced the MCP Apps extension, derived from `list` wherever a list is made. */
export function withUi(p: Omit<Prepared, "ui">): Prepared {
  const { uiList } = withViewer(p.list, new Set(p.modelTools.keys()));
  return { ...p, ui: { list: uiList, listJson: JSON.stringify({ tools: uiList }) } };
}

export function preparedFor(prepared: Prepared, profile: SchemaProfile): Prepared {
  if (profile === prepared.profile) return prepared;
  let byProfile = views.get(prepared.portable);
  if (!byProfile) {
    byProfile = new Map();
    views.set(prepared.portable, byProfile);
  }
  let view = byProfile.get(profile);
  if (!view) {
    const list = prepared.portable.map((t) => ({ ...t, inputSchema: profileSchema(t.inputSchema, profile) as Tool["inputSchema"] }));
    view = withUi({ ...prepared, list, listJson: JSON.stringify({ tools: list }), profile });
    byProfile.set(profile, view);
  }
  return view;
}
const views = new WeakMap<Tool[], Map<SchemaProfile, Prepared>>();

export async function prepareServer(opts: ServerOptions): Promise<Prepared> {
  const names = Object.keys(toolDefinitions) as ToolName[];
  const disabled = new Set(opts.disableTools ?? []);
  for (const d of disabled)
    if (!names.includes(d as ToolName)) throw new Error(`--disable-tools: unknown tool "${d}"; tools are ${names.join(", ")}`);
  const enabled = new Set(names.filter((n) => !disabled.has(n) && (!opts.readOnly || READ_ONLY.has(n))));
  const allowModel = globMatcher(opts.allowModels);
  let modelTools = new Map<string, ModelTool>();
  if (opts.modelTools && !opts.readOnly) {
    // Per-model tools need their Zod modules (and Zod's JSON Schema export): loaded only when asked for.
    const { buildModelTools, expandSelectors } = await import("./model-tools.js");
    const ids = expandSelectors(opts.modelTools);
    for (const id of ids) if (!allowModel(id)) throw new Error(`--tools: ${id} is outside --allow-models`);
    modelTools = new Map((await buildModelTools(ids)).map((t) => [t.name, t]));
  }
  const list = [...[...enabled].map((n) => toolDefinitions[n] as unknown as Tool), ...[...modelTools.values()].map((t) => t.definition)];
  const base = withUi({
    list,
    listJson: JSON.stringify({ tools: list }),
    enabled,
    modelTools,
    allowModel,
    profile: "portable",
    portable: list,
  });
  return preparedFor(base, opts.schemaProfile ?? "portable");
}
