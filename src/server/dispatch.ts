/**
 * Calling a tool, shared by the SDK's request handler and the HTTP fast path: operator limits, the
 * keyless rule, argument validation with the generated Zod schema, the per-request context.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { leaseFalClient, type FalLease } from "./fal-clients.js";
import { maybeRefresh } from "../catalog/live.js";
import { fail, ToolFailure, type ToolContext } from "../tools/context.js";
import { handlers, KEYLESS, tools, type ToolName } from "../tools/table.js";
import type { ServerOptions } from "./options.js";
import type { Prepared } from "./prepare.js";
import { repairForProfile } from "../schema/profiles.js";
import { NEEDS_KEY } from "./identity.js";
import { JOB_TOOL } from "../app/ui.js";
import { jobToolHandler, jobToolInput } from "../app/job-tool.js";
import { COST_GUARDED } from "../tools/traits.js";

export interface CallEnv {
  opts: ServerOptions;
  prepared: Prepared;
  key: string | undefined;
  signal: AbortSignal;
  progress: ToolContext["progress"];
}

export const noProgress: ToolContext["progress"] = async () => undefined;

/**
 * A client on a stricter profile writes what its dialect allows (openai-strict: null for "omitted";
 * gemini-openapi: a JSON string for a free-form object): read back only when the input as sent fails
 * the model's schema and the repaired one passes, so nothing valid is ever changed.
 */
function profileInput(
  prepared: Prepared,
  tool: { module: { input: { safeParse(v: unknown): { success: boolean } } } },
  raw: unknown,
): unknown {
  if (prepared.profile === "portable" || tool.module.input.safeParse(raw).success) return raw;
  const repaired = repairForProfile(prepared.profile, raw);
  return tool.module.input.safeParse(repaired).success ? repaired : raw;
}

export async function callTool(env: CallEnv, requestedName: string, rawArgs: unknown): Promise<CallToolResult> {
  const { opts, prepared, key } = env;
  const modelTool = prepared.modelTools.get(requestedName);
  // The viewer's app-only tool wraps check_job: enabled, keyed and limited exactly as check_job is.
  const jobTool = requestedName === JOB_TOOL;
  const name = (modelTool ? "run_model" : jobTool ? "check_job" : requestedName) as ToolName;
  if (!modelTool && !prepared.enabled.has(name))
    return fail(`Unknown tool "${requestedName}". Available: ${[...prepared.enabled].join(", ")}.`);
  if (!key && !KEYLESS.has(name)) return fail(`${name} calls fal and ${NEEDS_KEY}.`);
  const args = modelTool ? { endpoint_id: modelTool.endpointId, input: profileInput(prepared, modelTool, rawArgs ?? {}) } : (rawArgs ?? {});
  const schema = jobTool ? jobToolInput : tools[name].input;
  let parsed = schema.safeParse(args);
  if (!parsed.success && prepared.profile !== "portable") {
    const retry = schema.safeParse(repairForProfile(prepared.profile, args));
    if (retry.success) parsed = retry;
  }
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join(".") || "arguments"}: ${i.message}`).join("; ");
    return fail(`Invalid arguments for ${name}: ${why}.`);
  }
  // A connection's own cost ceiling applies like max_cost_usd; the caller can only lower it.
  if (prepared.maxCostUsd !== undefined && COST_GUARDED.has(name)) {
    const data = parsed.data as { max_cost_usd?: number };
    data.max_cost_usd = Math.min(data.max_cost_usd ?? Infinity, prepared.maxCostUsd);
  }
  // The fal client is taken on first use, for this request's key only (most calls never need it), and
  // shared with the other calls in flight on the same key (see fal-clients.ts).
  let lease: FalLease | undefined;
  const ctx: ToolContext = {
    get fal() {
      if (!lease && key) lease = leaseFalClient(opts, key);
      return lease?.client;
    },
    mode: opts.mode,
    guard: opts.guard,
    // Adapters fold the shutdown signal into the request's own (see http/), so one signal suffices.
    // Read when used: the HTTP adapter makes the signal only then.
    get signal() {
      return env.signal;
    },
    runWaitSeconds: opts.runWaitSeconds ?? 45,
    allowModel: prepared.allowModel,
    inlineImages: opts.inlineImages ?? false,
    urls: opts.urls,
    ...(opts.docsUrl ? { docsUrl: opts.docsUrl } : {}),
    refreshCatalog: () => void maybeRefresh({ urls: opts.urls, disabled: opts.liveCatalog === false }),
    progress: env.progress,
  };
  try {
    // parsed.data is this tool's own input (validated by its schema above); TypeScript cannot pair a union of
    // handlers with it, so it is passed as never (assignable to each handler's input) rather than as any.
    return await (jobTool ? jobToolHandler : handlers[name])(parsed.data as never, ctx);
  } catch (e) {
    // A refusal a tool raised on purpose is its sentence as it stands; anything else says it was unexpected.
    if (e instanceof ToolFailure) return fail(e.message);
    return fail(`${name} failed unexpectedly: ${(e as Error).message}`);
  } finally {
    lease?.release();
  }
}
