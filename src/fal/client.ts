/**
 * A thin typed fal client over the generated openapi-fetch clients. One instance per key: nothing
 * key-bearing is global. Production and tests differ only in `urls` (fal's hosts or the emulator).
 */
import type { components as QueueComponents } from "../../generated/clients/queue.js";
import type { EndpointId, EndpointTypeMap } from "../../generated/models/index.js";
import { mergeHeaders } from "../headers.js";
import { queueUrls } from "./endpoint.js";
import { appParams, endpointPath, LazyClients, unwrap } from "./openapi-clients.js";
import { errorFromResponse, FalUpstreamError } from "./errors.js";
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from "./retry.js";
import { FAL_PRODUCTION_URLS, type FalUrls } from "./urls.js";
import {
  deadlineFetch,
  exchangeRaw,
  NODE_BODY,
  RAW_BODY,
  RAW_REQUEST,
  RAW_STREAM,
  type RawRequest,
  type RawStream,
  readBody,
  statusEvents,
  trimSlash,
} from "./wire.js";
import { openStatusStream, readStatusStream, watchIterated, type WatchEnd, type WatchOptions } from "./status-watch.js";

export { FAL_PRODUCTION_URLS, urlsFromEnv, type FalUrls } from "./urls.js";

export type QueueStatus = QueueComponents["schemas"]["QueueStatus"];
export type InputOf<E extends string> = E extends EndpointId ? EndpointTypeMap[E]["input"] : Record<string, unknown>;
export type OutputOf<E extends string> = E extends EndpointId ? EndpointTypeMap[E]["output"] : Record<string, unknown>;

export interface FalClientOptions {
  /** `FAL_KEY` (or `id:secret`); sent as `Authorization: Key …`. Omit for the calls that need none. */
  key?: string;
  urls?: Partial<FalUrls>;
  fetch?: typeof fetch;
  /** Per HTTP request (default 30 s). */
  timeoutMs?: number;
  retry?: RetryPolicy;
  userAgent?: string;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Asked when the request gets its connection: true drops it unsent (its caller has gone). Raw path only. */
  dropIfUnsent?: () => boolean;
  headers?: Record<string, string>;
}

const SSE_ACCEPT = { Accept: "text/event-stream" };
const JSON_BODY = { "Content-Type": "application/json" };

/** A client for one key. Methods live on the prototype: a client is built per request, and a closure per
 * method per client cost ~9 µs and garbage on every fal-bound call (profiled). Call them as methods. */
class FalClientImpl {
  readonly urls: FalUrls;
  /** The openapi-fetch clients, for calls the helpers below do not cover (each built on first use). */
  readonly raw: LazyClients;
  readonly #baseFetch: typeof fetch;
  readonly #timeoutMs: number;
  readonly #retry: RetryPolicy;
  readonly #headers: Record<string, string>;
  readonly #rawRequest: RawRequest | undefined;
  /** run_model's status streams (node-event-stream.ts's bare socket, else Node's IncomingMessage). */
  readonly #rawStream: RawStream | undefined;
  #guarded: ReturnType<typeof deadlineFetch> | undefined;

  constructor(options: FalClientOptions) {
    this.urls = { ...FAL_PRODUCTION_URLS, ...options.urls };
    this.#baseFetch = options.fetch ?? globalThis.fetch;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#retry = options.retry ?? DEFAULT_RETRY;
    const headers: Record<string, string> = { Accept: "application/json" };
    if (options.key) headers.Authorization = `Key ${options.key}`;
    if (options.userAgent) headers["User-Agent"] = options.userAgent;
    this.#headers = headers;
    this.#rawRequest = (this.#baseFetch as unknown as Record<symbol, RawRequest | undefined>)[RAW_REQUEST];
    this.#rawStream =
      (this.#baseFetch as unknown as Record<symbol, RawStream | undefined>)[RAW_STREAM] ?? (this.#rawRequest as RawStream | undefined);
    this.raw = new LazyClients(this.urls, () => ({ headers, fetch: this.#guardedFetch }));
  }

  /** The fetch with a deadline and fal's error mapping (the raw path never needs it). */
  get #guardedFetch() {
    this.#guarded ??= deadlineFetch(this.#baseFetch, this.#timeoutMs);
    return this.#guarded;
  }
  get #streamHeaders(): Record<string, string> {
    return mergeHeaders(this.#headers, SSE_ACCEPT);
  }
  get #postHeaders(): Record<string, string> {
    return mergeHeaders(this.#headers, JSON_BODY);
  }

  /** POST a model input as JSON (submit and run), mapping a non-2xx answer to fal's error class. */
  async #postJson(url: string | URL, input: unknown, opts: CallOptions): Promise<unknown> {
    if (this.#rawRequest)
      return exchangeRaw(
        this.#rawRequest,
        this.#timeoutMs,
        "POST",
        String(url),
        opts.headers ? { ...this.#postHeaders, ...opts.headers } : this.#postHeaders,
        JSON.stringify(input),
        opts.signal,
        opts.dropIfUnsent,
      );
    const res = await this.#guardedFetch(url, {
      method: "POST",
      headers: { ...this.#headers, "Content-Type": "application/json", ...opts.headers },
      body: JSON.stringify(input),
      ...(opts.signal ? { signal: opts.signal } : {}),
      [RAW_BODY]: true,
    } as RequestInit);
    const body = await readBody(res);
    if (!res.ok) throw errorFromResponse(res.status, body, res.headers);
    return body;
  }
  async #getJson(url: string, opts: CallOptions): Promise<unknown> {
    if (this.#rawRequest)
      return exchangeRaw(
        this.#rawRequest,
        this.#timeoutMs,
        "GET",
        url,
        opts.headers ? { ...this.#headers, ...opts.headers } : this.#headers,
        undefined,
        opts.signal,
      );
    const res = await this.#guardedFetch(url, {
      method: "GET",
      headers: opts.headers ? { ...this.#headers, ...opts.headers } : this.#headers,
      ...(opts.signal ? { signal: opts.signal } : {}),
      [RAW_BODY]: true,
    } as RequestInit);
    const body = await readBody(res);
    if (!res.ok) throw errorFromResponse(res.status, body, res.headers);
    return body;
  }
  /** Queue submit. Never retried: fal would run (and bill) a duplicate. */
  async submit<E extends string>(endpointId: E, input: InputOf<E>, opts: CallOptions & { webhookUrl?: string } = {}): Promise<QueueStatus> {
    const base = `${trimSlash(this.urls.queue)}/${endpointPath(endpointId)}`;
    // A URL object only when a query is added (a parse per submit showed in the fal hop's profile).
    const url = opts.webhookUrl ? new URL(base) : base;
    if (opts.webhookUrl) (url as URL).searchParams.set("fal_webhook", opts.webhookUrl);
    const queued = (await this.#postJson(url, input, opts)) as QueueStatus | undefined;
    // A 2xx without a request id (an empty or odd body) would surface later as a TypeError: said here. Its
    // status stays a 2xx (what fal sent): tools/context.ts then says a retry may run the job twice.
    if (typeof queued?.request_id !== "string" || !queued.request_id)
      throw new FalUpstreamError("fal accepted the submit but its answer has no request_id; the job may or may not exist", 200, queued);
    return queued;
  }

  // status and result are plain GETs on the queue's URLs: through openapi-fetch each built a web
  // Request and Headers per call, which showed in the profile of a thousand waits.
  async status(endpointId: string, requestId: string, opts: CallOptions & { logs?: boolean } = {}): Promise<QueueStatus> {
    const url = `${queueUrls(this.urls.queue, endpointId, requestId).status_url}?logs=${opts.logs ? 1 : 0}`;
    return withRetry(() => this.#getJson(url, opts) as Promise<QueueStatus>, this.#retry, opts.signal);
  }

  async result<E extends string>(endpointId: E, requestId: string, opts: CallOptions = {}): Promise<OutputOf<E>> {
    const url = queueUrls(this.urls.queue, endpointId, requestId).response_url;
    return withRetry(() => this.#getJson(url, opts) as Promise<OutputOf<E>>, this.#retry, opts.signal);
  }

  /** Cancel; resolves with fal's status word (`OK`, `CANCELLATION_REQUESTED`, `ALREADY_COMPLETED`). */
  async cancel(endpointId: string, requestId: string, opts: CallOptions = {}): Promise<{ status: string }> {
    const { data, error, response } = await this.raw.queue.PUT("/{owner}/{alias}/requests/{request_id}/cancel", {
      params: { path: appParams(endpointId, requestId) },
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    // 400 ALREADY_COMPLETED is an answer, not a failure, for a caller who asked to stop a job.
    const body = (data ?? error) as { status?: string } | undefined;
    if (response.status === 400 && body?.status === "ALREADY_COMPLETED") return { status: "ALREADY_COMPLETED" };
    if (!response.ok) throw errorFromResponse(response.status, error, response.headers);
    return { status: body?.status ?? "OK" };
  }

  /** The SSE status stream: yields each status until COMPLETED (the stream then closes). */
  async *streamStatus(endpointId: string, requestId: string, opts: CallOptions & { logs?: boolean } = {}): AsyncGenerator<QueueStatus> {
    const url = `${queueUrls(this.urls.queue, endpointId, requestId).stream_url}?logs=${opts.logs ? 1 : 0}`;
    if (this.#rawRequest) {
      // The raw path: Node's stream and nothing around it.
      const stream = await openStatusStream(this.#rawRequest, url, this.#streamHeaders, this.#timeoutMs, opts.signal);
      try {
        yield* statusEvents(stream);
      } catch (e) {
        // Ended by the caller: their reason, as the web path says it (Node's stream only says "aborted").
        throw opts.signal?.aborted ? (opts.signal.reason ?? e) : e;
      }
      return;
    }
    // The stream lives as long as the job: no per-request deadline here, only the caller's signal.
    const res = await this.#baseFetch(url, {
      headers: { ...this.#headers, Accept: "text/event-stream" },
      ...(opts.signal ? { signal: opts.signal } : {}),
    }).catch((e) => {
      if (opts.signal?.aborted) throw opts.signal.reason ?? e;
      throw new FalUpstreamError(`status stream to ${new URL(url).host} failed`, 0, undefined);
    });
    // From the server's own fetch (fal/node-fetch.ts), the Node stream itself: no web stream per wait.
    const nodeBody = (res as unknown as Record<symbol, (AsyncIterable<string> & { setEncoding(e: "utf8"): unknown }) | undefined>)[
      NODE_BODY
    ];
    if (!res.ok || (!nodeBody && !res.body)) throw errorFromResponse(res.status, await readBody(res), res.headers);
    nodeBody?.setEncoding("utf8");
    yield* statusEvents(nodeBody ?? (res.body as unknown as AsyncIterable<Uint8Array>));
  }

  /**
   * The status stream for a wait: each status to `onStatus` until COMPLETED, the stream's end, `deadline`
   * (epoch ms) or the signal. On Node's raw path it holds no generator or web object (see status-watch.ts).
   */
  watchStatus(endpointId: string, requestId: string, opts: WatchOptions): Promise<WatchEnd> {
    if (!this.#rawStream)
      return watchIterated((signal) => this.streamStatus(endpointId, requestId, { logs: opts.logs === true, signal }), opts);
    const url = `${queueUrls(this.urls.queue, endpointId, requestId).stream_url}?logs=${opts.logs ? 1 : 0}`;
    // Opening is bounded by the request timeout and by the wait's own deadline, whichever comes first.
    const openMs = Math.max(1, Math.min(this.#timeoutMs, opts.deadline - Date.now()));
    return openStatusStream(this.#rawStream, url, this.#streamHeaders, openMs, opts.signal).then((s) =>
      readStatusStream(s, opts.deadline, opts.signal, opts.onStatus),
    );
  }

  /** Synchronous run on fal.run: the output on the same connection. Not retried (not idempotent). */
  async run<E extends string>(endpointId: E, input: InputOf<E>, opts: CallOptions = {}): Promise<OutputOf<E>> {
    return (await this.#postJson(`${trimSlash(this.urls.run)}/${endpointPath(endpointId)}`, input, opts)) as OutputOf<E>;
  }

  async searchModels(
    query: {
      q?: string;
      category?: string;
      status?: "active" | "deprecated";
      limit?: number;
      cursor?: string;
      endpoint_id?: string[];
      expand?: ("openapi-3.0" | "enterprise_status")[];
    },
    opts: CallOptions = {},
  ) {
    return withRetry(
      // biome-ignore lint/suspicious/noExplicitAny: fal's spec types this query narrower than fal takes it (endpoint_id and expand repeat as arrays)
      () => unwrap(this.raw.platform.GET("/models", { params: { query: query as any }, ...(opts.signal ? { signal: opts.signal } : {}) })),
      this.#retry,
      opts.signal,
    );
  }

  async pricing(endpointIds: string[], opts: CallOptions = {}) {
    return withRetry(
      () =>
        unwrap(
          this.raw.platform.GET("/models/pricing", {
            // biome-ignore lint/suspicious/noExplicitAny: as above, endpoint_id repeats as an array here
            params: { query: { endpoint_id: endpointIds } as any },
            ...(opts.signal ? { signal: opts.signal } : {}),
          }),
        ),
      this.#retry,
      opts.signal,
    );
  }

  /** Upload bytes to fal's CDN (initiate, then PUT without auth); returns the file URL. */
  async upload(bytes: Uint8Array, meta: { contentType: string; fileName: string }, opts: CallOptions = {}): Promise<string> {
    const init = await unwrap(
      this.raw.storage.POST("/storage/upload/initiate", {
        params: { query: { storage_type: "fal-cdn-v3" } },
        body: { content_type: meta.contentType, file_name: meta.fileName },
        ...(opts.signal ? { signal: opts.signal } : {}),
      }),
    );
    const put = await this.#guardedFetch(init.upload_url, {
      method: "PUT",
      headers: { "Content-Type": meta.contentType },
      body: bytes as unknown as NonNullable<RequestInit["body"]>,
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    if (!put.ok) throw errorFromResponse(put.status, await readBody(put), put.headers);
    return init.file_url;
  }
}

/** A thin typed fal client for one key (`FAL_KEY`), over fal's hosts or an emulator's (`urls`). */
export function createFalClient(options: FalClientOptions = {}): FalClientImpl {
  return new FalClientImpl(options);
}

export type FalClient = FalClientImpl;
