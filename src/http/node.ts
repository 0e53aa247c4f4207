/**
 * Node adapter for the web-standard handler: node:http in, `Request` through, `Response` out; with
 * header/request timeouts and graceful shutdown (stop accepting, let in-flight calls finish or hand
 * back their request_id, then close).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { createFetchHandler, type HttpOptions } from "./handler.js";

export interface RunningHttp {
  url: string;
  close(graceMs?: number): Promise<void>;
}

export async function startHttpServer(opts: HttpOptions & { host?: string; port?: number }): Promise<RunningHttp> {
  const shutdown = new AbortController();
  const host = opts.host ?? "127.0.0.1";
  const localOnly = opts.localOnly ?? /^(127\.|localhost$|::1$)/.test(host);
  const handler = await createFetchHandler({ ...opts, localOnly, shutdownSignal: shutdown.signal });
  let inFlight = 0;
  let idle: (() => void) | undefined;

  const server = createServer({ maxHeaderSize: 16 * 1024, headersTimeout: 15_000, requestTimeout: 11 * 60_000, keepAliveTimeout: 5_000 }, (req, res) => {
    inFlight++;
    res.once("close", () => {
      if (--inFlight === 0) idle?.();
    });
    void serve(req, res);
  });

  async function serve(req: IncomingMessage, res: ServerResponse) {
    const ac = new AbortController();
    res.once("close", () => ac.abort());
    try {
      const hostHeader = req.headers.host ?? "localhost";
      const hasBody = req.method !== "GET" && req.method !== "HEAD";
      const request = new Request(`http://${hostHeader}${req.url ?? "/"}`, {
        method: req.method ?? "GET",
        headers: req.headers as Record<string, string>,
        ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: "half" } : {}),
        signal: ac.signal,
      } as RequestInit);
      const response = await handler(request);
      const headers: Record<string, string> = {};
      response.headers.forEach((v, k) => (headers[k] = v));
      res.writeHead(response.status, headers);
      if (!response.body) return void res.end();
      for await (const chunk of response.body as any as AsyncIterable<Uint8Array>) if (!res.write(chunk)) await new Promise((r) => res.once("drain", r));
      res.end();
    } catch (e) {
      // Never a stack trace on the wire; a JSON-RPC error body with a sentence.
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32603, message: "Internal error" }, id: null }));
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 3000, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const shown = addr.family === "IPv6" ? `[${addr.address}]` : addr.address;
  return {
    url: `http://${shown}:${addr.port}/mcp`,
    close: (graceMs = 10_000) =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        shutdown.abort(new Error("server shutting down"));
        server.closeIdleConnections();
        const done = () => {
          server.closeAllConnections();
        };
        if (inFlight === 0) done();
        else {
          idle = done;
          setTimeout(done, graceMs).unref();
        }
      }),
  };
}
