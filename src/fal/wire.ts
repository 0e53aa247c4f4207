/**
 * The wire under the fal client: each request's deadline and error mapping, the raw-request hook the
 * server's own Node fetch offers, and reading fal's answers (bounded JSON, SSE status events).
 */
import { createParser } from "eventsource-parser";
import type { components as QueueComponents } from "../../generated/clients/queue.js";
import { BodyTooLarge, readBoundedText } from "../net/bounded-read.js";
import { errorFromResponse, FalUpstreamError } from "./errors.js";

type QueueStatus = QueueComponents["schemas"]["QueueStatus"];

/** An event stream's Node body, on responses from the server's own fetch (a registered symbol: no import needed). */
export const NODE_BODY = Symbol.for("fal-mcp.node-body");
/** Set on a request's init to get the body as bytes under this key on the Response (its body is then empty). */
export const RAW_BODY = Symbol.for("fal-mcp.raw-body");
/**
 * The JSON calls (submit, run, status, result) skip the web fetch altogether when the fetch carries a hook
 * under this registered symbol (fal/node-fetch.ts): it takes a URL, headers and a string body and answers
 * with the status, the header object and the bytes. Profiling the fal hop showed a web Headers, a
 * Response, an AbortController and two URL parses per call costing more than the HTTP exchange itself.
 */
export const RAW_REQUEST = Symbol.for("fal-mcp.raw-request");
/**
 * A status stream opener under this registered symbol (fal/node-event-stream.ts) takes a RawCall with
 * `stream` and answers as RawRequest does, holding less per open stream: run_model waits use it first.
 */
export const RAW_STREAM = Symbol.for("fal-mcp.raw-stream");

export interface RawCall {
  url: string;
  method: string;
  /** Sent as they are (never copied or logged); Content-Length is set from the body. */
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /** Asked when the request gets its connection (it may have waited for one): true drops it unsent. */
  dropIfUnsent?: () => boolean;
  /** The whole exchange, answer included, must finish within this many milliseconds. */
  timeoutMs: number;
  /**
   * A 2xx event stream is handed over as the runtime's own stream once its headers arrive (the deadline
   * then ends; the signal still ends the stream): one per run_model wait, so no web objects around it.
   */
  stream?: boolean;
}

export type RawRequest = (call: RawCall) => Promise<{
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** null for 204/304 and for a handed-over stream. */
  bytes: Uint8Array | null;
  /** With `stream`: a 2xx event stream's body, Node's own (utf-8 strings once setEncoding is called). */
  stream?: AsyncIterable<string> & { setEncoding(e: "utf8"): unknown };
}>;
/** The part of a Node stream a status reader uses (Node's IncomingMessage is one; so is node-event-stream's body). */
export interface EventBody {
  setEncoding(e: "utf8"): unknown;
  on(event: "data", fn: (chunk: string) => void): unknown;
  on(event: "end" | "close", fn: () => void): unknown;
  on(event: "error", fn: (e: Error) => void): unknown;
  destroy(e?: Error): unknown;
}
/** RAW_STREAM's opener: as RawRequest, with the stream as an EventBody. */
export type RawStream = (call: RawCall) => Promise<Omit<Awaited<ReturnType<RawRequest>>, "stream"> & { stream?: EventBody }>;
export const utf8 = new TextDecoder();
export const trimSlash = (s: string) => s.replace(/\/+$/, "");

// Every request gets a deadline; a network failure becomes a FalUpstreamError (status 0) that names
// the host, never the key.
export function deadlineFetch(baseFetch: typeof fetch, timeoutMs: number) {
  return async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
    // openapi-fetch hands a Request; our own calls hand a URL and init, passed on as they are (building a
    // Request here and another inside fetch cost measurable time on the hot path).
    const callerSignal = input instanceof Request ? input.signal : (init?.signal ?? undefined);
    const url = input instanceof Request ? input.url : String(input);
    // One controller and one timer per request, both released when the answer's headers arrive:
    // AbortSignal.timeout/any would keep a 30 s timer and a link to the caller's signal per call, which
    // adds up when a thousand waits run at once. (The body then has undici's own timeout.)
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(new DOMException(`timed out after ${timeoutMs} ms`, "TimeoutError")), timeoutMs);
    const onAbort = () => ac.abort(callerSignal?.reason);
    if (callerSignal?.aborted) onAbort();
    else callerSignal?.addEventListener("abort", onAbort, { once: true });
    try {
      return await (input instanceof Request ? baseFetch(input, { signal: ac.signal }) : baseFetch(input, { ...init, signal: ac.signal }));
    } catch (e) {
      if (callerSignal?.aborted) throw callerSignal.reason ?? e;
      const host = new URL(url).host;
      const why = ac.signal.aborted
        ? `timed out after ${timeoutMs} ms`
        : `failed (${(e as { cause?: { code?: string } })?.cause?.code ?? (e as Error).message})`;
      throw new FalUpstreamError(`request to ${host} ${why}`, 0, undefined);
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener("abort", onAbort);
    }
  };
}

/** The raw path (server on Node): the same deadline, errors and key handling as deadlineFetch, fewer objects. */
export async function exchangeRaw(
  raw: RawRequest,
  timeoutMs: number,
  method: string,
  url: string,
  hdrs: Record<string, string>,
  body: string | undefined,
  signal: AbortSignal | undefined,
  dropIfUnsent?: () => boolean,
): Promise<unknown> {
  let answer: Awaited<ReturnType<RawRequest>>;
  try {
    // Built by assignment: conditional spreads into a literal are a slow path in V8 (measured on the fal hop).
    const call: RawCall = { url, method, headers: hdrs, timeoutMs };
    if (body !== undefined) call.body = body;
    if (signal) call.signal = signal;
    if (dropIfUnsent) call.dropIfUnsent = dropIfUnsent;
    answer = await raw(call);
  } catch (e) {
    if (signal?.aborted) throw signal.reason ?? e;
    const err = e as { timedOut?: boolean; code?: string; message?: string };
    throw new FalUpstreamError(
      `request to ${new URL(url).host} ${err.timedOut ? `timed out after ${timeoutMs} ms` : `failed (${err.code ?? err.message})`}`,
      0,
      undefined,
    );
  }
  const parsed = parseText(answer.bytes ? utf8.decode(answer.bytes) : "");
  if (answer.status < 200 || answer.status > 299) {
    const h = new Headers();
    for (const [k, v] of Object.entries(answer.headers)) if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(", ") : v);
    throw errorFromResponse(answer.status, parsed, h);
  }
  return parsed;
}

/** Status events of an SSE body until COMPLETED. A decoder is made only for byte chunks (web streams). */
export async function* statusEvents(body: AsyncIterable<string | Uint8Array>): AsyncGenerator<QueueStatus> {
  const pending: QueueStatus[] = [];
  const parser = createParser({
    onEvent: (ev) => {
      try {
        pending.push(JSON.parse(ev.data));
      } catch {
        /* keep-alive or junk */
      }
    },
  });
  let decoder: TextDecoder | undefined;
  for await (const chunk of body) {
    if (typeof chunk !== "string") decoder ??= new TextDecoder();
    parser.feed(typeof chunk === "string" ? chunk : decoder!.decode(chunk, { stream: true }));
    while (pending.length) {
      const s = pending.shift()!;
      yield s;
      if (s.status === "COMPLETED") return;
    }
  }
}

/** fal's answers (outputs can carry data URIs) are bounded too: one hostile or broken hop cannot fill memory. */
export const MAX_FAL_BODY_BYTES = 64 * 1024 * 1024;

export async function readBody(res: Response): Promise<unknown> {
  const raw = (res as unknown as Record<symbol, Uint8Array | null | undefined>)[RAW_BODY];
  // Raw bytes come from our node fetch, which already bounds fal's answers while streaming them.
  const text =
    raw !== undefined
      ? raw
        ? utf8.decode(raw)
        : ""
      : await readBoundedText(res, MAX_FAL_BODY_BYTES).catch((e) => {
          if (e instanceof BodyTooLarge)
            throw new FalUpstreamError(`fal's answer is over the ${MAX_FAL_BODY_BYTES}-byte limit`, res.status, undefined);
          throw e;
        });
  return parseText(text);
}

export function parseText(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return { detail: text.slice(0, 500) };
  }
}
