/** What every tool handler gets, and the helpers that turn outcomes into MCP results. */
import { NEEDS_KEY } from "../server/identity.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { FalClient, FalUrls } from "../fal/client.js";
import { FalAuthError, FalError, FalNotFoundError, FalRateLimitError, FalUpstreamError, FalValidationError } from "../fal/errors.js";
import type { UrlGuard } from "../net/guard.js";

export interface ToolContext {
  /** A client built for this request from this request's key (undefined: no key was given). */
  fal: FalClient | undefined;
  /** "stdio" may read local files; "hosted" never reads the server's own files. */
  mode: "stdio" | "hosted";
  guard: UrlGuard;
  signal: AbortSignal;
  /** Sends a progress notification when the client asked for them (a no-op otherwise). */
  progress(progress: number, total: number | undefined, message: string): Promise<void>;
  /** The client has gone away (cheaper than reading `signal`, which may be made on first read). */
  clientGone?(): boolean;
  /** Default wait of run_model before it hands back the request_id (seconds). */
  runWaitSeconds: number;
  /** Endpoint ids run/submit may use (undefined: all). */
  allowModel(endpointId: string): boolean;
  /** Return small images inline as image content too. */
  inlineImages: boolean;
  /** Starts a background refresh of the process-wide catalog when it is due (never waits). */
  refreshCatalog(): void;
  /** fal's hosts for this server (keyless lookups such as a live model schema). */
  urls: FalUrls;
  /** Where fal's docs pages are fetched from (Markdown); index-only answers when unset. */
  docsUrl?: string;
}

export type Handler<A> = (args: A, ctx: ToolContext) => Promise<CallToolResult>;

export function ok(structured: Record<string, unknown>, text: string, extra: CallToolResult["content"] = []): CallToolResult {
  return { content: [{ type: "text", text }, ...extra], structuredContent: structured };
}

/** Adds a sentence to a result's first (text) block: the note a caller needs next to what it got. */
export function appendText(result: CallToolResult, text: string): void {
  const first = result.content[0];
  if (first?.type === "text") first.text += text;
}

/** A failure the model can act on: one sentence (or a few), `isError`, never a stack. */
export function fail(text: string): CallToolResult {
  return { content: [{ type: "text", text }], isError: true };
}

export function needKey(ctx: ToolContext): FalClient {
  if (!ctx.fal) throw new ToolFailure(`This tool calls fal and ${NEEDS_KEY}.`);
  return ctx.fal;
}

export class ToolFailure extends Error {}

/** Said wherever a model is outside what this connection may use (operator flags or sign-in limits). */
export const outsideModels = (endpointId: string) =>
  `"${endpointId}" is outside the models this connection may use (the server's --allow-models, or the limits chosen at sign-in).`;

/** Socket errors that mean the request never left this machine (the wire's messages name the code). */
const NEVER_CONNECTED = /\((ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ECANCELED)\)/;

/** fal's errors as sentences. The key never appears: errors carry status and body, not headers. */
export function falFailure(e: unknown, what: string, opts: { submit?: boolean } = {}): CallToolResult {
  if (e instanceof ToolFailure) return fail(e.message);
  if (e instanceof FalAuthError)
    return fail(
      `fal refused the key while ${what} (HTTP ${e.status}: ${e.message}). Check the fal key: FAL_KEY over stdio, \`Authorization: Bearer <FAL_KEY>\` over HTTP.`,
    );
  if (e instanceof FalValidationError) {
    const fields = e.fieldErrors.map((d) => `${d.loc.filter((l) => l !== "body").join(".") || "input"}: ${d.msg}`);
    return fail(
      `fal rejected the input while ${what}: ${fields.length ? fields.join("; ") : e.message}. Call get_model_schema to see the accepted fields.`,
    );
  }
  if (e instanceof FalNotFoundError) return fail(`fal found nothing while ${what}: ${e.message}.`);
  if (e instanceof FalRateLimitError)
    return fail(
      `fal is rate-limiting this key while ${what}${e.retryAfterSeconds !== undefined ? `; retry after ${Math.ceil(e.retryAfterSeconds)} s` : "; retry shortly"}.`,
    );
  // A submit fal never answered (timeout, reset) may still have created the job: a retry could run it twice.
  // One that never connected (refused, no such host) was never sent.
  if (e instanceof FalUpstreamError && opts.submit && !e.status && !NEVER_CONNECTED.test(e.message))
    return fail(
      `fal did not answer while ${what} (${e.message}): the job may or may not have been created, and a retry may run (and bill) it twice. Retry only if a duplicate is acceptable.`,
    );
  // A 2xx fal sent that is not a usable answer (no request_id): the job may exist, as above.
  if (e instanceof FalUpstreamError && opts.submit && e.status >= 200 && e.status < 300)
    return fail(`${e.message} (while ${what}): a retry may run (and bill) it twice. Retry only if a duplicate is acceptable.`);
  if (e instanceof FalUpstreamError)
    return fail(`fal is unavailable while ${what} (${e.status ? `HTTP ${e.status}: ` : ""}${e.message}); it is safe to retry.`);
  if (e instanceof FalError) return fail(`fal answered HTTP ${e.status} while ${what}: ${e.message}.`);
  if ((e as Error)?.name === "AbortError" || (e as Error)?.name === "TimeoutError")
    return fail(`Stopped while ${what}: the request was cancelled or timed out.`);
  return fail(`Unexpected failure while ${what}: ${(e as Error)?.message ?? String(e)}.`);
}
