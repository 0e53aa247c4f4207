/**
 * Calling a tool, shared by the SDK's request handler and the HTTP fast path: operator limits, the
 * keyless rule, argument validation with the generated Zod schema, the per-request context.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { createFalClient, type FalClient, type FalClientOptions } from "../fal/client.js";
import { maybeRefresh } from "../catalog/live.js";
import { fail, ToolFailure, type ToolContext } from "../tools/context.js";
import { handlers, KEYLESS, tools, type ToolName } from "../tools/table.js";
import type { ServerOptions } from "./options.js";
import type { Prepared } from "./prepare.js";
import { repairForProfile } from "../schema/profiles.js";
import { NEEDS_KEY, USER_AGENT } from "./identity.js";
import { JOB_TOOL } from "../app/ui.js";
import { jobToolHandler, jobToolInput } from "../app/job-tool.js";
import { COST_GUARDED } from "../tools/traits.js";

export interface CallEnv {
  opts: ServerOptions;
  prepared: Prepared;
  key: string | undefined;
  signal: AbortSignal;
  progress: ToolContext["progress"];
  /** The client has gone (without making the signal, where the adapter can tell). */
  gone?: () => boolean;
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
  const { prepared, key } = env;
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
  const ctx = new CallContext(env);
  let result: CallToolResult;
  try {
    // parsed.data is this tool's own input (validated by its schema above); TypeScript cannot pair a union of
    // handlers with it, so it is passed as never (assignable to each handler's input) rather than as any.
    result = await (jobTool ? jobToolHandler : handlers[name])(parsed.data as never, ctx);
  } catch (e) {
    // A refusal a tool raised on purpose is its sentence as it stands; anything else says it was unexpected.
    result = e instanceof ToolFailure ? fail(e.message) : fail(`${name} failed unexpectedly: ${(e as Error).message}`);
  }
  // Failures quote fal's own words, and an upstream that echoes the request would echo the key with them:
  // the key never goes back to the client (under OAuth sign-in it never reached it).
  return result.isError && key ? withoutKey(result, key) : result;
}

/** The result with every text mention of the key, or of its secret part (`id:secret`), blanked out. */
export function withoutKey(result: CallToolResult, key: string): CallToolResult {
  const secret = key.includes(":") ? key.slice(key.indexOf(":") + 1) : "";
  const secrets = [key, ...(secret.length >= 8 ? [secret] : [])];
  if (!result.content.some((c) => c.type === "text" && secrets.some((s) => c.text.includes(s)))) return result;
  return {
    ...result,
    content: result.content.map((c) =>
      c.type === "text" ? { ...c, text: secrets.reduce((t, s) => t.replaceAll(s, "[the fal key]"), c.text) } : c,
    ),
  };
}

/**
 * One call's ToolContext. A class rather than a literal of getters and closures per call: the fal client
 * and the signal are made on first use only (most calls never need them), from this request's key only.
 */
class CallContext implements ToolContext {
  readonly mode: ToolContext["mode"];
  readonly guard: ToolContext["guard"];
  readonly runWaitSeconds: number;
  readonly allowModel: ToolContext["allowModel"];
  readonly inlineImages: boolean;
  readonly urls: ToolContext["urls"];
  readonly docsUrl?: string;
  readonly progress: ToolContext["progress"];
  #fal: FalClient | undefined;
  constructor(private readonly env: CallEnv) {
    const { opts } = env;
    this.mode = opts.mode;
    this.guard = opts.guard;
    this.runWaitSeconds = opts.runWaitSeconds ?? 45;
    this.allowModel = env.prepared.allowModel;
    this.inlineImages = opts.inlineImages ?? false;
    this.urls = opts.urls;
    if (opts.docsUrl) this.docsUrl = opts.docsUrl;
    this.progress = env.progress;
  }
  get fal(): FalClient | undefined {
    const { key, opts } = this.env;
    if (!this.#fal && key) {
      const o: FalClientOptions = { key, urls: opts.urls, userAgent: USER_AGENT };
      if (opts.fetch) o.fetch = opts.fetch;
      this.#fal = createFalClient(o);
    }
    return this.#fal;
  }
  /** Adapters fold the shutdown signal into the request's own (see http/), so one signal suffices; made when read. */
  get signal(): AbortSignal {
    return this.env.signal;
  }
  clientGone(): boolean {
    return this.env.gone ? this.env.gone() : this.env.signal.aborted;
  }
  refreshCatalog(): void {
    void maybeRefresh({ urls: this.env.opts.urls, disabled: this.env.opts.liveCatalog === false });
  }
}
