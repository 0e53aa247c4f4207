/** The serve and stdio tool flags, parsed and checked before a command says or starts anything. */
import type { ServerOptions } from "../server/options.js";
import { type CliValues, fail, list, num } from "./args.js";

/** What the tool flags set, and how many tools `--tools` makes (for the warnings said at start). */
export type ToolFlags = Pick<ServerOptions, "runWaitSeconds" | "modelTools" | "schemaProfile" | "disableTools" | "allowModels"> & {
  toolCount?: number;
};

/** The tool flags' values, each checked once: a bad one stops the command with one sentence. */
export async function toolFlags(v: CliValues): Promise<ToolFlags> {
  const flags: ToolFlags = { runWaitSeconds: num(v["wait-seconds"], "wait-seconds", 45, 600) };
  if (v.tools) {
    const { expandSelectors } = await import("../server/model-tools.js");
    try {
      flags.toolCount = expandSelectors(v.tools).length + 9;
    } catch (e) {
      fail((e as Error).message);
    }
    flags.modelTools = v.tools;
  }
  if (v["schema-profile"] !== undefined) {
    const { parseSchemaProfile } = await import("../schema/profiles.js");
    try {
      flags.schemaProfile = parseSchemaProfile(v["schema-profile"], "--schema-profile");
    } catch (e) {
      fail((e as Error).message);
    }
  }
  const disable = list(v["disable-tools"]);
  if (disable) {
    const names = Object.keys((await import("../../generated/tool-definitions.js")).toolDefinitions);
    for (const d of disable) if (!names.includes(d)) fail(`--disable-tools: unknown tool "${d}"; tools are ${names.join(", ")}`);
    flags.disableTools = disable;
  }
  // An empty list (`--allow-models "$UNSET"`) must not fail open into allowing every model.
  if (v["allow-models"] !== undefined) {
    const allow = list(v["allow-models"]);
    if (!allow?.length)
      return fail('--allow-models is empty: give endpoint ids or globs (e.g. "fal-ai/flux/*"), or leave the flag out to allow every model');
    flags.allowModels = allow;
  }
  for (const o of list(v["allowed-origins"]) ?? [])
    if (o !== "*" && !/^https?:\/\/[^/\s]+$/i.test(o)) fail(`--allowed-origins: "${o}" is not an origin (scheme://host[:port], or *)`);
  return flags;
}
