/**
 * Node adapter for the HTTP core: node:http in and out, with header/request timeouts, bounded bodies
 * and graceful shutdown (stop accepting; in-flight calls finish or hand back their request_id; close).
 * Requests that the fast path answers never become web `Request`/`Response` objects: profiling showed
 * those conversions, not the tools, were most of the cost of a call.
 */
import { ServerStopping } from "../../server/stopping.js";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createHttpCore, type HttpIn, type HttpOptions } from "./handler.js";
import { readBody } from "./node-body.js";
import { peakRssBytes } from "./peak-rss.js";

export interface RunningHttp {
  url: string;
  close(graceMs?: number): Promise<void>;
}

export interface NodeHttpOptions extends HttpOptions {
  host?: string;
  port?: number;
  metrics?: boolean;
  /** Seconds a client may take to send a request's body (default 30). Not the run_model wait. */
  bodyTimeoutSeconds?: number;
  /** Open connections per process before new requests get 503 + Retry-After (default 8192). */
  maxConnections?: number;
  /**
   * Past this many open connections, hold the process's V8 heap growth near its live set (see
   * ./heap.ts; process-wide, so off unless set: the CLI sets it for its own process).
   */
  heapLeanAt?: number;
}

export const DEFAULT_BODY_TIMEOUT_SECONDS = 30;
// Each open connection may hold a run_model wait, which holds one socket to fal as well: 8,192 of each stays
// under the 20,000 file descriptors a process gets on the machines we measured.
export const DEFAULT_MAX_CONNECTIONS = 8192;

export async function startHttpServer(opts: NodeHttpOptions): Promise<RunningHttp> {
  const shutdown = new AbortController();
  const host = opts.host ?? "127.0.0.1";
  const localOnly = opts.localOnly ?? /^(127\.|localhost$|::1$)/.test(host);
  const core = await createHttpCore({ ...opts, localOnly, shutdownSignal: shutdown.signal });
  /** Requests in flight: aborted when their client leaves, or all at shutdown. */
  const active = new Set<InFlight>();
  let idle: (() => void) | undefined;

  const bodyTimeoutMs = (opts.bodyTimeoutSeconds ?? DEFAULT_BODY_TIMEOUT_SECONDS) * 1000;
  const maxConnections = opts.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  // Receiving a request (headers, then body) is bounded in seconds; answering it is not bounded here:
  // Node's requestTimeout covers only the receiving, and a run_model wait is bounded by --wait-seconds.
  // Timeouts are checked every second (Node's default sweep is every 30 s).
  const server = createServer(
    {
      maxHeaderSize: 16 * 1024,
      headersTimeout: 15_000,
      requestTimeout: 15_000 + bodyTimeoutMs,
      keepAliveTimeout: 5_000,
      connectionsCheckingInterval: 1_000,
    },
    (req, res) => {
      if (open > maxConnections) return void overCapacity(res);
      const call = new InFlight();
      active.add(call);
      res.once("close", () => {
        // Only a client that left before its answer is a cancellation (aborting costs an exception).
        if (!res.writableFinished) call.abort();
        active.delete(call);
        if (active.size === 0) idle?.();
      });
      if (shutdown.signal.aborted) call.abort();
      void serve(req, res, call);
    },
  );

  // Connections are counted as they open and close: past the cap, requests are answered 503 at once
  // (the connection then closes), and twice the cap is a hard ceiling where Node drops new sockets.
  let open = 0;
  server.maxConnections = maxConnections * 2;
  const heap = opts.heapLeanAt ? (await import("./heap.js")).heapPolicy(opts.heapLeanAt) : undefined;
  server.on("connection", (socket) => {
    open++;
    heap?.(open);
    socket.once("close", () => {
      open--;
      heap?.(open);
    });
  });
  const overCapacity = (res: ServerResponse) => {
    const body = JSON.stringify({
      jsonrpc: "2.0",
      error: { code: -32000, message: `Server busy: this process has ${maxConnections} open connections, its limit; retry in a second` },
      id: null,
    });
    res.writeHead(503, {
      "content-type": "application/json",
      "retry-after": "1",
      connection: "close",
      "content-length": String(Buffer.byteLength(body)),
    });
    res.end(body);
  };

  const bodyText = (req: IncomingMessage, max: number) => readBody(req, max, bodyTimeoutMs);

  // Opt-in (FAL_MCP_METRICS=1) process figures for benchmarks: memory and event-loop delay.
  // Loaded only when asked for: node:perf_hooks costs ~5 ms of a cold start (profiled).
  const eld = opts.metrics ? (await import("node:perf_hooks")).monitorEventLoopDelay({ resolution: 10 }) : undefined;
  eld?.enable();
  const metrics = (reset: boolean) => {
    const ms = (n: number) => Math.round(n / 1e4) / 100;
    const mem = process.memoryUsage();
    const body = JSON.stringify({
      rss: mem.rss,
      heapUsed: mem.heapUsed,
      heapTotal: mem.heapTotal,
      external: mem.external,
      arrayBuffers: mem.arrayBuffers,
      maxRss: peakRssBytes(),
      eventLoopDelayMs: { p50: ms(eld!.percentile(50)), p99: ms(eld!.percentile(99)), max: ms(eld!.max) },
    });
    if (reset) eld!.reset();
    return body;
  };

  async function serve(req: IncomingMessage, res: ServerResponse, call: InFlight) {
    try {
      const url = req.url ?? "/";
      if (eld && url.startsWith("/metrics")) {
        res.writeHead(200, { "content-type": "application/json" });
        return void res.end(metrics(url.includes("reset=1")));
      }
      const out = await core(new NodeIn(req, url, call, bodyText));
      if (!("response" in out)) {
        if (out.body === null) {
          res.writeHead(out.status, out.headers);
          return void res.end();
        }
        // Encoded once: measuring a string and then writing it would read it twice.
        const bytes = typeof out.body === "string" ? Buffer.from(out.body) : out.body;
        out.headers["content-length"] = String(bytes.byteLength);
        if (out.status === 413 || out.status === 408) out.headers.connection = "close";
        res.writeHead(out.status, out.headers);
        return void res.end(bytes);
      }
      const response = out.response;
      const headers: Record<string, string> = {};
      response.headers.forEach((v, k) => {
        headers[k] = v;
      });
      if (!response.body) {
        res.writeHead(response.status, headers);
        return void res.end();
      }
      if (!headers["content-type"]?.startsWith("text/event-stream")) {
        const buf = Buffer.from(await response.arrayBuffer());
        headers["content-length"] = String(buf.length);
        res.writeHead(response.status, headers);
        return void res.end(buf);
      }
      res.writeHead(response.status, headers);
      res.flushHeaders();
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>)
        if (!res.write(chunk)) await new Promise((r) => res.once("drain", r));
      res.end();
    } catch {
      // Never a stack trace on the wire; a JSON-RPC error body with a sentence.
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32603, message: "Internal error" }, id: null }));
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    // A burst of thousands of clients (each run_model wait is one connection) must queue, not be reset:
    // Node's default backlog is 511; the kernel caps this at somaxconn.
    server.listen({ port: opts.port ?? 3000, host, backlog: 4096 }, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const shown = addr.family === "IPv6" ? `[${addr.address}]` : addr.address;
  return {
    url: `http://${shown}:${addr.port}/mcp`,
    close: (graceMs = 10_000) =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        shutdown.abort(new ServerStopping());
        for (const call of active) call.abort(new ServerStopping());
        server.closeIdleConnections();
        const done = () => server.closeAllConnections();
        if (active.size === 0) done();
        else {
          idle = done;
          setTimeout(done, graceMs).unref();
        }
      }),
  };
}

/**
 * The core's view of a node:http request. A class, not an object literal of closures and getters made per
 * request: its methods are shared, and what a call never reads (the URL, the signal, a web Request) is
 * never built.
 */
class NodeIn implements HttpIn {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  constructor(
    private readonly req: IncomingMessage,
    private readonly rawUrl: string,
    private readonly call: InFlight,
    private readonly readBody: (req: IncomingMessage, max: number) => Promise<string>,
  ) {
    this.method = req.method ?? "GET";
    const q = rawUrl.indexOf("?");
    this.path = q < 0 ? rawUrl : rawUrl.slice(0, q);
    this.query = q < 0 ? "" : rawUrl.slice(q + 1);
  }
  /** Built when read (the OAuth routes): most calls never need it. */
  get url(): string {
    return `http://${this.req.headers.host ?? "localhost"}${this.rawUrl}`;
  }
  header(n: string): string | null {
    const v = this.req.headers[n];
    return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v;
  }
  bodyText(max: number): Promise<string> {
    return this.readBody(this.req, max);
  }
  /** Made on first read: calls that never look at it skip it. */
  get signal(): AbortSignal {
    return this.call.signal;
  }
  gone(): boolean {
    return this.call.aborted;
  }
  toRequest(): Request {
    const headers = new Headers();
    const raw = this.req.rawHeaders;
    for (let i = 0; i < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
    return new Request(this.url, { method: this.method, headers, signal: this.call.signal });
  }
}

/**
 * A request in flight. Its abort signal (the client left, or shutdown) is made only when a call reads it:
 * most calls never do, and an AbortController per request showed in the profile of short calls.
 */
class InFlight {
  #ac: AbortController | undefined;
  #aborted = false;
  #reason: unknown;
  get signal(): AbortSignal {
    if (!this.#ac) {
      this.#ac = new AbortController();
      if (this.#aborted) this.#ac.abort(this.#reason);
    }
    return this.#ac.signal;
  }
  get aborted(): boolean {
    return this.#aborted;
  }
  abort(reason?: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    this.#ac?.abort(reason);
  }
}
