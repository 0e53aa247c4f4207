/** The serve and stdio tool flags, checked as values before a command says or starts anything. */
import { type CliValues, fail, list, num } from "./args.js";

/** The tool flags' values, checked before anything is said or started (serverOptions applies them). */
export async function checkToolFlags(v: CliValues): Promise<void> {
  num(v["wait-seconds"], "wait-seconds", 45, 600);
  if (v.tools) {
    const { expandSelectors } = await import("../server/model-tools.js");
    try {
      expandSelectors(v.tools);
    } catch (e) {
      fail((e as Error).message);
    }
  }
  if (v["schema-profile"] !== undefined) {
    const { parseSchemaProfile } = await import("../schema/profiles.js");
    try {
      parseSchemaProfile(v["schema-profile"], "--schema-profile");
    } catch (e) {
      fail((e as Error).message);
    }
  }
  const names = Object.keys((await import("../../generated/tool-definitions.js")).toolDefinitions);
  for (const d of list(v["disable-tools"]) ?? [])
    if (!names.includes(d)) fail(`--disable-tools: unknown tool "${d}"; tools are ${names.join(", ")}`);
  for (const o of list(v["allowed-origins"]) ?? [])
    if (o !== "*" && !/^https?:\/\/[^/\s]+$/i.test(o)) fail(`--allowed-origins: "${o}" is not an origin (scheme://host[:port], or *)`);
}
