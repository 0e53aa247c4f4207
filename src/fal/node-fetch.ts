/**
 * A lean `fetch` for the server's calls to fal on Node: node:http(s) with a keep-alive agent, the body
 * written in one piece, the answer read into one buffer. Profiling showed Node's built-in fetch (undici)
 * spending most of a fal-bound tool call on web-stream plumbing and split writes. Anything it does not
 * handle (stream bodies, redirects) goes to the built-in fetch; event streams come back as streams.
 */
import http from "node:http";
import https from "node:https";
import { Readable } from "node:stream";
import { urlToHttpOptions } from "node:url";
import { RawRequestError, splitUrl } from "./http1.js";
import { MAX_BODY_BYTES, MAX_SOCKETS_PER_HOST, shortRequest } from "./keepalive.js";
import { openEventStream } from "./node-event-stream.js";
import { NODE_BODY, RAW_BODY, RAW_REQUEST, RAW_STREAM, type RawCall } from "./wire.js";

/**
 * Every socket gets an error listener of its own for its whole life. Node's http client attaches and
 * detaches its listeners as a socket moves between a request and the idle pool; an error that lands in
 * between had no listener and crashed the process. It happened when fal answered 401 early on a reused
 * keep-alive socket and closed it while a large body was still being written (`write EPIPE`/`ECONNRESET`
 * surfacing after the response). The request in flight still learns of the error through Node's own
 * listener; this one only keeps a late error from becoming an uncaught exception (Node destroys the
 * socket on error either way, so nothing is kept).
 */
const onSocketError = () => undefined;
class GuardedHttpAgent extends http.Agent {
  override createConnection(...args: Parameters<http.Agent["createConnection"]>) {
    const socket = super.createConnection(...args);
    socket?.on("error", onSocketError);
    return socket;
  }
}
class GuardedHttpsAgent extends https.Agent {
  override createConnection(...args: Parameters<https.Agent["createConnection"]>) {
    const socket = super.createConnection(...args);
    socket?.on("error", onSocketError);
    return socket;
  }
}

export { MAX_SOCKETS_PER_HOST } from "./keepalive.js";
// Short calls share a capped pool; event streams (a wait holds one for as long as its job runs) get an
// uncapped one of their own, so waits never queue behind a pool. Idle sockets kept for reuse are capped.
const agents = {
  "http:": new GuardedHttpAgent({ keepAlive: true, maxFreeSockets: 64, maxSockets: MAX_SOCKETS_PER_HOST }),
  "https:": new GuardedHttpsAgent({ keepAlive: true, maxFreeSockets: 64, maxSockets: MAX_SOCKETS_PER_HOST }),
};
const streamAgents = {
  "http:": new GuardedHttpAgent({ keepAlive: true, maxFreeSockets: 64 }),
  "https:": new GuardedHttpsAgent({ keepAlive: true, maxFreeSockets: 64 }),
};

// The raw-request hook's contract (its symbols and the call it takes) is written once, in the
// platform-neutral fal/wire.ts that fal/client.ts reads; this module is its Node implementation.
export { NODE_BODY, RAW_BODY, RAW_REQUEST, type RawCall } from "./wire.js";

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** null for 204/304 and for a handed-over stream. */
  bytes: Buffer | null;
  stream?: http.IncomingMessage;
}

export { RawRequestError } from "./http1.js";

/** Per origin, the request options parsed once (a URL parse per call showed in the profile). */
const origins = new Map<
  string,
  {
    protocol: string;
    hostname: string;
    port: string | number;
    auth?: string;
    lib: typeof http | typeof https;
    agent: http.Agent;
    streamAgent: http.Agent;
  }
>();
function originOf(url: string) {
  const { origin, path } = splitUrl(url);
  let o = origins.get(origin);
  if (!o) {
    const u = urlToHttpOptions(new URL(origin));
    if (u.protocol !== "http:" && u.protocol !== "https:")
      throw new RawRequestError(`unsupported protocol ${u.protocol}`, undefined, false);
    o = {
      protocol: u.protocol,
      hostname: u.hostname!,
      port: u.port ?? "",
      ...(u.auth ? { auth: u.auth } : {}),
      lib: u.protocol === "https:" ? https : http,
      agent: agents[u.protocol],
      streamAgent: streamAgents[u.protocol],
    };
    // fal's hosts and an emulator: a handful of origins. Bounded all the same.
    if (origins.size > 64) origins.clear();
    origins.set(origin, o);
  }
  return { o, path };
}

/**
 * fal/client.ts's JSON calls: short calls over kept-open bare sockets (./keepalive.ts). A stream, or a URL
 * with credentials in it, goes through node:http.
 */
export function rawRequest(call: RawCall): Promise<RawAnswer> {
  return call.stream || /^[a-z]+:\/\/[^/]*@/i.test(call.url) ? httpRequest(call) : shortRequest(call);
}

function httpRequest(call: RawCall): Promise<RawAnswer> {
  return new Promise<RawAnswer>((resolve, reject) => {
    const { signal } = call;
    if (signal?.aborted) return reject(signal.reason);
    const { o, path } = originOf(call.url);
    let settled = false;
    const finish = (e: Error | undefined, answer?: RawAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      if (e) reject(e);
      else resolve(answer!);
    };
    const req = o.lib.request(
      {
        protocol: o.protocol,
        hostname: o.hostname,
        port: o.port,
        ...(o.auth ? { auth: o.auth } : {}),
        path,
        method: call.method,
        headers: call.headers,
        agent: call.stream ? o.streamAgent : o.agent,
      },
      (res) => {
        const status = res.statusCode ?? 502;
        if (call.stream && status >= 200 && status < 300 && (res.headers["content-type"] ?? "").startsWith("text/event-stream")) {
          settled = true;
          clearTimeout(timer);
          res.once("close", () => signal?.removeEventListener("abort", onAbort));
          return resolve({ status, headers: res.headers, bytes: null, stream: res });
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          size += c.length;
          if (size <= MAX_BODY_BYTES) return void chunks.push(c);
          // Bounded while streaming: one oversized answer must not fill the process's memory.
          req.destroy();
          finish(new RawRequestError(`the answer is over the ${MAX_BODY_BYTES}-byte limit`, undefined, false));
        });
        res.on("end", () => {
          // fal answered before taking the whole body (an early 401/413): that socket is in an unknown
          // state and must not go back to the pool for the next request.
          if (!req.writableFinished) req.destroy();
          finish(undefined, {
            status,
            headers: res.headers,
            bytes: status === 204 || status === 304 ? null : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks),
          });
        });
        res.on("error", (e: NodeJS.ErrnoException) => finish(new RawRequestError(e.message, e.code, false)));
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      finish(new RawRequestError(`timed out after ${call.timeoutMs} ms`, undefined, true));
    }, call.timeoutMs);
    const onAbort = () => {
      // Also ends a handed-over stream (its reader then sees the error).
      req.destroy(signal!.reason instanceof Error ? signal!.reason : undefined);
      finish(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    req.on("error", (e: NodeJS.ErrnoException) => finish(new RawRequestError(e.message, e.code, false)));
    // Node writes the request right after this event: a caller gone while it waited for a socket is dropped.
    const drop = call.dropIfUnsent;
    if (drop)
      req.once("socket", () => {
        if (!drop()) return;
        req.destroy();
        finish(new RawRequestError("not sent: the caller left while it waited for a connection", "ECANCELED", false));
      });
    req.end(call.body);
  });
}

export const nodeFetch: typeof fetch = (input, init) => {
  const req0 = input instanceof Request ? input : undefined;
  const body = init?.body ?? null;
  // Request objects with bodies and stream bodies stay with the built-in fetch.
  if (req0?.body || (body !== null && typeof body !== "string" && !(body instanceof Uint8Array))) return fetch(input, init);
  const url = new URL(req0 ? req0.url : String(input));
  if (url.protocol !== "http:" && url.protocol !== "https:") return fetch(input, init);
  const signal = init?.signal ?? req0?.signal ?? undefined;
  const headers: Record<string, string> = {};
  const given = init?.headers ?? req0?.headers;
  // Plain objects (fal/client.ts's own calls) are copied as they are: a Headers object per call cost time.
  if (given && !(given instanceof Headers) && !Array.isArray(given))
    for (const [k, v] of Object.entries(given)) headers[k.toLowerCase()] = String(v);
  else
    new Headers(given).forEach((v, k) => {
      headers[k] = v;
    });
  if (body !== null) headers["content-length"] = String(typeof body === "string" ? Buffer.byteLength(body) : body.byteLength);
  return new Promise<Response>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const lib = url.protocol === "https:" ? https : http;
    const req = lib.request(
      url,
      {
        method: (init?.method ?? req0?.method ?? "GET").toUpperCase(),
        headers,
        // An event stream is held open as long as its job: never queued behind the short calls' pool.
        agent: (headers.accept?.includes("text/event-stream") ? streamAgents : agents)[url.protocol as "http:"],
      },
      (res) => {
        const out = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out.set(k, Array.isArray(v) ? v.join(", ") : v);
        const status = res.statusCode ?? 502;
        if ((res.headers["content-type"] ?? "").startsWith("text/event-stream")) {
          // A stream lives on after this resolves: the caller's signal must still be able to end it.
          res.once("close", cleanup);
          // The web body is built only if asked for: each run_model wait holds one of these streams, and a
          // web stream over the Node one cost memory per wait. fal/client.ts reads the Node stream itself.
          const response = new Response(null, { status, headers: out });
          let web: ReadableStream | undefined;
          Object.defineProperty(response, "body", { get: () => (web ??= Readable.toWeb(res) as ReadableStream) });
          return resolve(Object.assign(response, { [NODE_BODY]: res }));
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          size += c.length;
          if (size <= MAX_BODY_BYTES) return void chunks.push(c);
          // Bounded while streaming: one oversized answer must not fill the process's memory.
          cleanup();
          req.destroy();
          reject(Object.assign(new TypeError("fetch failed"), { cause: new Error(`the answer is over the ${MAX_BODY_BYTES}-byte limit`) }));
        });
        res.on("end", () => {
          cleanup();
          // fal answered before taking the whole body (an early 401/413): that socket is in an unknown
          // state and must not go back to the pool for the next request.
          if (!req.writableFinished) req.destroy();
          const bytes = status === 204 || status === 304 ? null : Buffer.concat(chunks);
          // A caller that asked for the raw bytes (fal/client.ts's JSON calls) gets them beside a bodiless
          // Response: a web body stream and reading it back cost ~10 % of a fal-bound call (profiled).
          if ((init as Record<symbol, unknown> | undefined)?.[RAW_BODY])
            return resolve(Object.assign(new Response(null, { status, headers: out }), { [RAW_BODY]: bytes }));
          resolve(new Response(bytes, { status, headers: out }));
        });
        res.on("error", (e) => {
          cleanup();
          reject(e);
        });
      },
    );
    const onAbort = () => {
      req.destroy(signal!.reason instanceof Error ? signal!.reason : undefined);
      reject(signal!.reason);
    };
    const cleanup = () => signal?.removeEventListener("abort", onAbort);
    signal?.addEventListener("abort", onAbort, { once: true });
    req.on("error", (e) => {
      cleanup();
      reject(Object.assign(new TypeError("fetch failed"), { cause: e }));
    });
    req.end(body ?? undefined);
  });
};

// Carried by the fetch itself, so any client given this fetch takes the raw path for its JSON calls.
Object.defineProperty(nodeFetch, RAW_REQUEST, { value: rawRequest });
// Status streams for run_model waits: a bare socket each, not node:http (see node-event-stream.ts).
Object.defineProperty(nodeFetch, RAW_STREAM, { value: openEventStream });
