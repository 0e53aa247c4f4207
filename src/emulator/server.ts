/**
 * The fal emulator: fal's HTTP protocol on one loopback origin, driven by the vendored specs. This file is
 * the composition root — faults, then one route module per fal host:
 *
 *   /v1/...     platform API (api.fal.ai/v1): model search, pricing, pricing estimate  → routes/platform.ts
 *   /queue/...  queue.fal.run: submit, status, result, cancel                          → routes/queue.ts
 *               … and the status SSE stream                                            → routes/status-stream.ts
 *   /run/...    fal.run: synchronous run                                               → routes/run.ts
 *   /rest/...   rest.fal.ai: storage upload initiate (single, multipart)               → routes/storage.ts
 *   /upload/... pre-signed upload targets                                              → routes/upload.ts
 *   /files/...  the CDN                                                                → routes/files.ts
 *   /docs/...   fal's docs pages                                                       → routes/docs.ts
 *
 * The state every route shares (jobs, files, keys, clock and fault settings) is ./state.ts; the job
 * state machine is ./jobs.ts.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import type { Fault } from "./faults.js";
import { docsRoute } from "./routes/docs.js";
import { filesRoute } from "./routes/files.js";
import { platformRoute } from "./routes/platform.js";
import { queueRoute } from "./routes/queue.js";
import { runRoute } from "./routes/run.js";
import { storageRoute } from "./routes/storage.js";
import { uploadRoute } from "./routes/upload.js";
import { type EmulatorOptions, EmulatorState } from "./state.js";
import { HttpError, json } from "./wire.js";

export type { EmulatorOptions } from "./state.js";
export { emulatorUrls } from "./urls.js";

export interface Emulator {
  url: string;
  server: Server;
  stats(): {
    jobs: number;
    files: number;
    fileBytes: number;
    evictedJobs: number;
    faults: Record<Fault, number>;
    requests: number;
    openStreams: number;
  };
  close(): Promise<void>;
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const st = new EmulatorState(opts);
  const server = createServer({ maxHeaderSize: 16 * 1024, requestTimeout: 120_000 }, async (req, res) => {
    st.requests++;
    try {
      await handle(st, req, res);
    } catch (e) {
      if (res.headersSent) return void res.end();
      if (e instanceof HttpError) return json(res, e.status, e.body, e.headers);
      // Never a stack trace on the wire: a 500 in fal's infrastructure-error shape.
      json(res, 500, { detail: "Internal emulator error", error_type: "internal_error" });
    }
  });
  server.on("clientError", (_e, socket) => socket.writable && socket.end("HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n"));

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    // A deep backlog: tests and the soak submit bursts of thousands of jobs.
    server.listen({ port: opts.port ?? 0, host: opts.host ?? "127.0.0.1", backlog: 4096 }, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === "IPv6" ? `[${addr.address}]` : addr.address;
  st.origin = `http://${host}:${addr.port}`;
  return {
    url: st.origin,
    server,
    stats: () => ({
      jobs: st.jobs.size,
      files: st.files.size,
      fileBytes: st.files.totalBytes,
      evictedJobs: st.jobs.evicted,
      faults: { ...st.faults.counts },
      requests: st.requests,
      openStreams: st.openStreams,
    }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Files, docs and the health check never get faults: they are not fal's API. */
const faultFree = (path: string) => path.startsWith("/files/") || path.startsWith("/docs/") || path === "/healthz";

async function handle(st: EmulatorState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://emulator");
  const path = url.pathname;
  const isSubmit = req.method === "POST" && path.startsWith("/queue/");
  const header = req.headers["x-emulator-fault"];
  const fault = faultFree(path) ? undefined : st.faults.pick(typeof header === "string" ? header : undefined, isSubmit);
  if (fault === "reset") return void req.socket.destroy();
  await applyFault(fault, path.startsWith("/v1/"), st.faults.config.slowMs);
  if (path === "/healthz") return json(res, 200, { ok: true });
  if (path.startsWith("/v1/")) return platformRoute(st, req, res, url, path.slice(3));
  if (path.startsWith("/queue/")) return queueRoute(st, req, res, url, path.slice(6), fault);
  if (path.startsWith("/run/")) return runRoute(st, req, res, path.slice(4), fault);
  if (path.startsWith("/rest/")) return storageRoute(st, req, res, path.slice(5));
  if (path.startsWith("/upload/")) return uploadRoute(st, req, res, path.slice(7));
  if (path.startsWith("/files/")) return filesRoute(st, req, res, path.slice(6));
  if (path.startsWith("/docs/")) return docsRoute(res, path);
  throw new HttpError(404, { detail: "Not Found" });
}

/** Request-level faults; the platform API speaks its `{error: {type, message}}` envelope, the queue and run hosts FastAPI's `{detail}`. */
async function applyFault(fault: Fault | undefined, onPlatform: boolean, slowMs: number): Promise<void> {
  if (fault === "5xx")
    throw onPlatform
      ? new HttpError(500, { error: { type: "server_error", message: "Internal server error" } })
      : new HttpError(
          503,
          { detail: "Runner scheduling failure", error_type: "runner_scheduling_failure" },
          { "x-fal-error-type": "runner_scheduling_failure" },
        );
  if (fault === "429")
    throw new HttpError(
      429,
      onPlatform
        ? { error: { type: "rate_limited", message: "Rate limit exceeded" } }
        : { detail: "Too many concurrent requests", error_type: "concurrent_requests_limit" },
      { "retry-after": "1", "x-fal-needs-retry": "1" },
    );
  if (fault === "slow") await sleep(slowMs);
}
