/**
 * The fal emulator: fal's HTTP protocol on one loopback origin, driven by the vendored specs.
 *
 *   /v1/...     platform API (api.fal.ai/v1): model search, pricing, pricing estimate
 *   /queue/...  queue.fal.run: submit, status (+ SSE stream), result, cancel
 *   /run/...    fal.run: synchronous run
 *   /rest/...   rest.fal.ai: storage upload initiate (single, multipart)
 *   /upload/... pre-signed upload targets;  /files/... the CDN
 */
import { createServer, type IncomingMessage, type ServerResponse, type Server } from "node:http";
import { randomUUID, createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { catalog, prices } from "../../generated/catalog.js";
import { loadModel } from "../models.js";
import { docPages } from "../search.js";
import { appRoot, parseEndpointId } from "../fal/endpoint.js";
import { endpointSlug } from "../naming.js";
import { packageRoot } from "../paths.js";
import { FaultInjector, type Fault, type FaultConfig } from "./faults.js";
import { fakeOutput } from "./fake-output.js";
import { SAMPLES } from "./media.js";
import { Expiring, type Job } from "./store.js";
import { falDetail } from "./validate.js";
import { emulatedPrice } from "./prices.js";
import { globToRegExp } from "../glob.js";

export interface EmulatorOptions {
  port?: number;
  host?: string;
  /** Time a job waits IN_QUEUE (default 50 ms) and runs IN_PROGRESS (default 200 ms). */
  queueMs?: number;
  runMs?: number;
  /** Valid keys (`id:secret`); empty means any well-formed key. */
  keys?: string[];
  faults?: Partial<FaultConfig>;
  /** Finished jobs and files are kept this long (default 10 min) … */
  ttlMs?: number;
  /** … and at most this many jobs (default 10,000) and file bytes (default 512 MB). */
  maxJobs?: number;
  maxFileBytes?: number;
  /** Recorded results by endpoint id, returned instead of one made from the output schema (fixtures). */
  outputs?: Record<string, unknown>;
  /** Largest JSON body (default 10 MB) and upload part (default 100 MB). */
  maxBodyBytes?: number;
  maxUploadBytes?: number;
  /** Run time per endpoint glob (`fal-ai/kling-video/*` → 120000): video jobs that take minutes. */
  jobMs?: Record<string, number>;
  /** Called with each request_id the queue accepts (tests count lost ids with it). */
  onSubmit?: (requestId: string) => void;
  /** Interval between SSE status events (default 100 ms). */
  streamIntervalMs?: number;
}

export interface Emulator {
  url: string;
  server: Server;
  stats(): { jobs: number; files: number; fileBytes: number; evictedJobs: number; faults: Record<Fault, number>; requests: number; openStreams: number };
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(readonly status: number, readonly body: unknown, readonly headers: Record<string, string> = {}) {
    super(`HTTP ${status}`);
  }
}

const catalogById = new Map(catalog.map((m) => [m.endpoint_id, m]));
const priceById = new Map(prices.map((p) => [p.endpoint_id, p]));
const KEY_RE = /^Key ([^\s:]+):(\S+)$/;

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const queueMs = opts.queueMs ?? 50;
  const runMs = opts.runMs ?? 200;
  const ttlMs = opts.ttlMs ?? 10 * 60_000;
  const maxBody = opts.maxBodyBytes ?? 10 * 1024 * 1024;
  const maxUpload = opts.maxUploadBytes ?? 100 * 1024 * 1024;
  const streamEvery = opts.streamIntervalMs ?? 100;
  const keys = new Set(opts.keys ?? []);
  const jobMs = Object.entries(opts.jobMs ?? {}).map(([glob, ms]) => [globToRegExp(glob), ms] as const);
  const runFor = (id: string) => jobMs.find(([re]) => re.test(id))?.[1] ?? runMs;
  const faults = new FaultInjector({ rate: 0, kinds: [], seed: 1, slowMs: 1500, ...opts.faults });
  const jobs = new Expiring<Job>(ttlMs, opts.maxJobs ?? 10_000);
  const files = new Expiring<{ bytes: Buffer; contentType: string }>(ttlMs, 100_000, opts.maxFileBytes ?? 512 * 1024 * 1024);
  const uploads = new Expiring<{ contentType: string; fileName: string; multipart: boolean; parts: Map<number, Buffer> }>(ttlMs, 10_000);
  const specCache = new Map<string, any>();
  let requests = 0;
  let openStreams = 0;
  let origin = "";

  const spec = (id: string): any => {
    let s = specCache.get(id);
    if (!s) {
      s = JSON.parse(readFileSync(join(packageRoot(), "openapi", "models", `${endpointSlug(id)}.json`), "utf8"));
      if (specCache.size > 64) specCache.delete(specCache.keys().next().value!);
      specCache.set(id, s);
    }
    return s;
  };

  // ---- state machine: a job's status is a function of time since submit (and its fault) ----
  const phase = (j: Job, now = Date.now()): "IN_QUEUE" | "IN_PROGRESS" | "COMPLETED" => {
    if (j.cancelled) return "COMPLETED";
    const t = now - j.submittedAt;
    if (t < j.queueMs) return "IN_QUEUE";
    if (j.fault === "stall" || t < j.queueMs + j.runMs) return "IN_PROGRESS";
    if (j.doneAt === undefined) {
      j.doneAt = j.submittedAt + j.queueMs + j.runMs;
      jobs.touch(j.id);
    }
    return "COMPLETED";
  };
  const urlsOf = (j: Job) => {
    const base = `${origin}/queue/${j.app}/requests/${j.id}`;
    return { response_url: base, status_url: `${base}/status`, cancel_url: `${base}/cancel` };
  };
  /** Per app, jobs in submit order; the front is pruned as jobs leave the queue (no scan of all jobs). */
  const queues = new Map<string, Job[]>();
  const enqueue = (j: Job) => {
    const q = queues.get(j.app) ?? [];
    q.push(j);
    queues.set(j.app, q);
  };
  const queuePosition = (j: Job): number => {
    const q = queues.get(j.app);
    if (!q) return 0;
    const now = Date.now();
    while (q.length && phase(q[0]!, now) !== "IN_QUEUE") q.shift();
    let ahead = 0;
    for (const other of q) {
      if (other === j) break;
      if (phase(other, now) === "IN_QUEUE") ahead++;
    }
    if (!q.length) queues.delete(j.app);
    return ahead;
  };
  const logsOf = (j: Job, now = Date.now()) => {
    const ran = Math.max(0, now - j.submittedAt - j.queueMs);
    const steps = j.fault === "stall" ? 1 : Math.min(4, Math.floor((ran / Math.max(1, j.runMs)) * 4));
    const logs = [{ message: `Loading ${j.endpointId}`, level: "INFO", source: "USER", timestamp: new Date(j.submittedAt + j.queueMs).toISOString() }];
    for (let i = 1; i <= steps; i++) logs.push({ message: `Step ${i}/4`, level: "INFO", source: "USER", timestamp: new Date(j.submittedAt + j.queueMs + (i * j.runMs) / 4).toISOString() });
    return logs;
  };
  const statusBody = (j: Job, withLogs: boolean) => {
    const p = phase(j);
    const body: Record<string, unknown> = { status: p, request_id: j.id, ...urlsOf(j) };
    if (p === "IN_QUEUE") body.queue_position = queuePosition(j);
    if (p !== "IN_QUEUE") body.logs = withLogs ? logsOf(j) : null;
    if (p === "COMPLETED") {
      body.metrics = { inference_time: j.cancelled ? null : j.runMs / 1000 };
      if (j.fault === "fail") Object.assign(body, { error: "Runner failed while processing the request", error_type: "runner_server_error" });
      if (j.cancelled) Object.assign(body, { error: "Request was cancelled", error_type: "client_cancelled" });
    }
    return body;
  };
  const findJob = (app: string, id: string): Job => {
    const j = jobs.get(id);
    if (!j || (j.app !== app && j.endpointId !== app)) throw new HttpError(404, { status: "NOT_FOUND" });
    return j;
  };
  const output = async (j: Job) => {
    if (j.output === undefined && opts.outputs && Object.prototype.hasOwnProperty.call(opts.outputs, j.endpointId)) j.output = structuredClone(opts.outputs[j.endpointId]);
    if (j.output === undefined) {
      const s = spec(j.endpointId);
      const ref: string = s.paths[`/${j.endpointId}/requests/{request_id}`].get.responses["200"].content["application/json"].schema.$ref;
      j.output = fakeOutput({ $ref: ref }, s.components.schemas, j.input, origin);
    }
    return j.output;
  };

  // ---- request helpers ----
  const readBody = (req: IncomingMessage, limit: number): Promise<Buffer> =>
    new Promise((resolve, reject) => {
      const declared = Number(req.headers["content-length"] ?? 0);
      if (declared > limit) return reject(new HttpError(413, { detail: `Request body too large (limit ${limit} bytes)` }));
      const chunks: Buffer[] = [];
      let n = 0;
      req.on("data", (c: Buffer) => {
        n += c.length;
        if (n > limit) {
          reject(new HttpError(413, { detail: `Request body too large (limit ${limit} bytes)` }));
          req.destroy();
        } else chunks.push(c);
      });
      req.on("end", () => resolve(Buffer.concat(chunks)));
      req.on("error", reject);
    });
  const readJson = async (req: IncomingMessage): Promise<any> => {
    const raw = await readBody(req, maxBody);
    if (raw.length === 0) return {};
    try {
      return JSON.parse(raw.toString("utf8"));
    } catch (e) {
      throw new HttpError(422, { detail: [{ loc: ["body", 0], msg: `JSON decode error: ${(e as Error).message}`, type: "json_invalid" }] });
    }
  };
  const requireKey = (req: IncomingMessage, platform: boolean) => {
    const h = req.headers.authorization;
    const m = h ? KEY_RE.exec(h) : null;
    const ok = m && (keys.size === 0 || keys.has(`${m[1]}:${m[2]}`));
    if (ok) return;
    const msg = !h ? "Missing authorization header: send `Authorization: Key <FAL_KEY>`" : "Invalid key credentials";
    throw new HttpError(401, platform ? { error: { type: "authorization_error", message: msg } } : { detail: msg });
  };
  const modelOr404 = (id: string) => {
    if (!catalogById.has(id)) throw new HttpError(404, { detail: `Application '${id}' not found` });
  };
  const validate = async (id: string, input: unknown) => {
    if (!input || typeof input !== "object" || Array.isArray(input))
      throw new HttpError(422, { detail: [{ loc: ["body"], msg: "Input should be a valid dictionary", type: "dict_type" }] });
    const mod = await loadModel(id);
    const r = mod!.input.safeParse(input);
    if (!r.success) throw new HttpError(422, { detail: falDetail(r.error, input) }, { "x-fal-error-type": "validation_error" });
    return r.data as Record<string, unknown>;
  };
  const timing = (req: IncomingMessage, name: string, dflt: number) => {
    const v = Number(req.headers[`x-emulator-${name}-ms`]);
    return Number.isFinite(v) && v >= 0 ? v : dflt;
  };

  // ---- routes ----
  async function platform(req: IncomingMessage, res: ServerResponse, url: URL, path: string) {
    const pErr = (status: number, type: string, message: string) => new HttpError(status, { error: { type, message } });
    if (path === "/models" && req.method === "GET") {
      if (req.headers.authorization) requireKey(req, true);
      const q = url.searchParams;
      const ids = q.getAll("endpoint_id").flatMap((s) => s.split(",")).filter(Boolean);
      if (ids.length > 50) throw pErr(400, "validation_error", "endpoint_id accepts 1-50 ids");
      const limitRaw = q.get("limit");
      const limit = limitRaw === null ? 50 : Number(limitRaw);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw pErr(400, "validation_error", "limit must be an integer between 1 and 100");
      const status = q.get("status");
      if (status && status !== "active" && status !== "deprecated") throw pErr(400, "validation_error", "status must be active or deprecated");
      const expand = q.getAll("expand").flatMap((s) => s.split(","));
      const text = (q.get("q") ?? "").toLowerCase().split(/\s+/).filter(Boolean);
      const category = q.get("category");
      let rows = ids.length ? ids.map((id) => catalogById.get(id)).filter((m) => m !== undefined) : [...catalog];
      if (category) rows = rows.filter((m) => m.category === category);
      if (status) rows = rows.filter((m) => m.status === status);
      if (text.length) {
        const hay = (m: (typeof catalog)[number]) => `${m.endpoint_id} ${m.name} ${m.description} ${m.category} ${m.tags.join(" ")}`.toLowerCase();
        rows = rows.filter((m) => text.every((t) => hay(m).includes(t)));
      }
      const cursor = q.get("cursor");
      let page = 0;
      if (cursor) {
        const decoded = /^[A-Za-z0-9+/]+=*$/.test(cursor) ? Buffer.from(cursor, "base64").toString("utf8") : "";
        if (!/^\d{1,9}$/.test(decoded)) throw pErr(400, "validation_error", "invalid cursor: pass next_cursor from the previous page");
        page = Number(decoded);
      }
      const slice = rows.slice(page * limit, (page + 1) * limit);
      const hasMore = (page + 1) * limit < rows.length;
      const models = slice.map((m) => {
        const entry: Record<string, unknown> = {
          endpoint_id: m.endpoint_id,
          metadata: {
            display_name: m.name, category: m.category, description: m.description, status: m.status, tags: m.tags,
            updated_at: "2026-08-21T00:00:00Z", is_favorited: null, thumbnail_url: m.thumbnail_url ?? "",
            model_url: `https://fal.run/${m.endpoint_id}`, date: "2026-08-21T00:00:00Z", highlighted: false, pinned: false,
          },
        };
        if (expand.includes("openapi-3.0")) entry.openapi = spec(m.endpoint_id);
        if (expand.includes("enterprise_status")) entry.enterprise_status = "ready";
        return entry;
      });
      return json(res, 200, { models, next_cursor: hasMore ? Buffer.from(String(page + 1)).toString("base64") : null, has_more: hasMore });
    }
    if (path === "/models/pricing" && req.method === "GET") {
      requireKey(req, true);
      const ids = url.searchParams.getAll("endpoint_id").flatMap((s) => s.split(",")).filter(Boolean);
      if (ids.length < 1 || ids.length > 50) throw pErr(400, "validation_error", "endpoint_id is required (1-50 ids)");
      const unknown = ids.filter((id) => !catalogById.has(id));
      if (unknown.length) throw pErr(404, "not_found", `Unknown endpoint(s): ${unknown.join(", ")}`);
      return json(res, 200, { prices: ids.map((id) => emulatedPrice(catalogById.get(id)!, priceById)), next_cursor: null, has_more: false });
    }
    if (path === "/models/pricing/estimate" && req.method === "POST") {
      requireKey(req, true);
      const body = await readJson(req);
      const type = body?.estimate_type;
      if (type !== "historical_api_price" && type !== "unit_price") throw pErr(400, "validation_error", "estimate_type must be historical_api_price or unit_price");
      if (!body.endpoints || typeof body.endpoints !== "object") throw pErr(400, "validation_error", "endpoints is required");
      let total = 0;
      for (const [id, q] of Object.entries<any>(body.endpoints)) {
        const m = catalogById.get(id);
        if (!m) throw pErr(404, "not_found", `No pricing for ${id}`);
        const p = emulatedPrice(m, priceById);
        const qty = type === "unit_price" ? q?.unit_quantity : q?.call_quantity;
        if (typeof qty !== "number" || !(qty > 0)) throw pErr(400, "validation_error", `${id}: ${type === "unit_price" ? "unit_quantity" : "call_quantity"} must be a positive number`);
        total += p.unit_price * qty;
      }
      return json(res, 200, { estimate_type: type, total_cost: Math.round(total * 1e6) / 1e6, currency: "USD" });
    }
    throw pErr(404, "not_found", `No route ${req.method} /v1${path}`);
  }

  async function queue(req: IncomingMessage, res: ServerResponse, url: URL, path: string, fault: Fault | undefined) {
    requireKey(req, false);
    const segs = path.split("/").filter(Boolean).map(decodeURIComponent);
    const ri = segs.indexOf("requests");
    if (ri >= 2 && (req.method === "GET" || req.method === "PUT")) {
      // `{app}/requests/{id}[/status[/stream]|/cancel]`; fal accepts the long form (full id) too.
      const app = segs.slice(0, ri).join("/");
      const id = segs[ri + 1] ?? "";
      const tail = segs.slice(ri + 2).join("/");
      const j = findJob(app, id);
      const withLogs = ["1", "true"].includes(url.searchParams.get("logs") ?? "");
      if (req.method === "GET" && tail === "status") {
        const body = statusBody(j, withLogs);
        return json(res, body.status === "COMPLETED" ? 200 : 202, body);
      }
      if (req.method === "GET" && tail === "status/stream") return stream(res, j, withLogs);
      if (req.method === "GET" && tail === "") {
        const p = phase(j);
        if (p !== "COMPLETED") throw new HttpError(400, { detail: "Request is still in progress" });
        if (j.cancelled) throw new HttpError(499, { detail: "Request was cancelled", error_type: "client_cancelled" }, { "x-fal-error-type": "client_cancelled" });
        if (j.fault === "fail") throw new HttpError(500, { detail: "Runner failed while processing the request", error_type: "runner_server_error" }, { "x-fal-error-type": "runner_server_error" });
        return json(res, 200, await output(j), { "x-fal-request-id": j.id });
      }
      if (req.method === "PUT" && tail === "cancel") {
        const p = phase(j);
        if (p === "COMPLETED") return json(res, 400, { status: "ALREADY_COMPLETED" });
        j.cancelled = true;
        j.doneAt = Date.now();
        jobs.touch(j.id);
        return p === "IN_QUEUE" ? json(res, 200, { status: "OK" }) : json(res, 202, { status: "CANCELLATION_REQUESTED" });
      }
      throw new HttpError(405, { detail: "Method Not Allowed" });
    }
    if (req.method !== "POST") throw new HttpError(405, { detail: "Method Not Allowed" });
    const endpointId = segs.join("/");
    parseOr404(endpointId);
    modelOr404(endpointId);
    const input = await validate(endpointId, await readJson(req));
    const id = randomUUID();
    const j: Job = {
      id, endpointId, app: appRoot(endpointId), input, submittedAt: Date.now(),
      queueMs: timing(req, "queue", queueMs), runMs: timing(req, "run", runFor(endpointId)),
      ...(fault === "stall" || fault === "fail" ? { fault } : {}),
    };
    jobs.set(id, j);
    if (j.queueMs > 0) enqueue(j);
    opts.onSubmit?.(id);
    return json(res, 200, { status: "IN_QUEUE", request_id: id, ...urlsOf(j), queue_position: queuePosition(j) }, { "x-fal-request-id": id });
  }

  function stream(res: ServerResponse, j: Job, withLogs: boolean) {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive", "x-fal-request-id": j.id });
    let last = "";
    const tick = () => {
      const body = statusBody(j, withLogs);
      const s = JSON.stringify(body);
      if (s !== last) res.write(`data: ${s}\n\n`);
      last = s;
      if (body.status === "COMPLETED") {
        clearInterval(timer);
        res.end();
      }
    };
    const timer = setInterval(tick, streamEvery);
    openStreams++;
    res.once("close", () => {
      clearInterval(timer);
      openStreams--;
    });
    tick();
  }

  async function run(req: IncomingMessage, res: ServerResponse, path: string, fault: Fault | undefined) {
    requireKey(req, false);
    if (req.method !== "POST") throw new HttpError(405, { detail: "Method Not Allowed" });
    const endpointId = path.split("/").filter(Boolean).map(decodeURIComponent).join("/");
    parseOr404(endpointId);
    modelOr404(endpointId);
    const input = await validate(endpointId, await readJson(req));
    const j: Job = { id: randomUUID(), endpointId, app: appRoot(endpointId), input, submittedAt: Date.now(), queueMs: 0, runMs: timing(req, "run", runFor(endpointId)) };
    await new Promise((r) => setTimeout(r, j.runMs));
    if (fault === "fail") throw new HttpError(500, { detail: "Runner failed while processing the request", error_type: "runner_server_error" });
    return json(res, 200, await output(j), { "x-fal-request-id": j.id });
  }

  async function storage(req: IncomingMessage, res: ServerResponse, path: string) {
    requireKey(req, false);
    const multipart = path === "/storage/upload/initiate-multipart";
    if (req.method === "POST" && (path === "/storage/upload/initiate" || multipart)) {
      const body = await readJson(req);
      if (typeof body?.content_type !== "string" || !body.content_type)
        throw new HttpError(422, { detail: [{ loc: ["body", "content_type"], msg: "Field required", type: "missing" }] });
      const fileName = typeof body.file_name === "string" && body.file_name ? body.file_name : "upload.bin";
      const token = randomUUID().replaceAll("-", "");
      uploads.set(token, { contentType: body.content_type, fileName, multipart, parts: new Map() });
      const safeName = encodeURIComponent(fileName.replace(/[/\\]/g, "_"));
      return json(res, 200, { upload_url: `${origin}/upload/${token}?X-Goog-Signature=emulated`, file_url: `${origin}/files/${token}/${safeName}` });
    }
    if (req.method === "POST" && path === "/storage/auth/token")
      return json(res, 200, { token: randomUUID(), token_type: "Bearer", base_url: `${origin}/files`, expires_at: new Date(Date.now() + 3600_000).toISOString() });
    throw new HttpError(404, { detail: "Not Found" });
  }

  async function upload(req: IncomingMessage, res: ServerResponse, path: string) {
    const [token, part] = path.split("/").filter(Boolean);
    const u = token ? uploads.get(token) : undefined;
    if (!u) throw new HttpError(404, { detail: "Unknown or expired upload URL" });
    const fileKey = `${token}/${encodeURIComponent(u.fileName.replace(/[/\\]/g, "_"))}`;
    if (req.method === "PUT" && !part && !u.multipart) {
      const bytes = await readBody(req, maxUpload);
      files.set(fileKey, { bytes, contentType: String(req.headers["content-type"] ?? u.contentType) }, bytes.length);
      uploads.delete(token!);
      res.writeHead(200).end();
      return;
    }
    if (req.method === "PUT" && part && u.multipart && /^\d+$/.test(part)) {
      const n = Number(part);
      if (n < 1 || n > 10_000) throw new HttpError(400, { detail: "partNumber must be 1-10000" });
      const bytes = await readBody(req, maxUpload);
      u.parts.set(n, bytes);
      const etag = createHash("md5").update(bytes).digest("hex");
      return json(res, 200, { partNumber: n, etag }, { etag: `"${etag}"` });
    }
    if (req.method === "POST" && part === "complete" && u.multipart) {
      const body = await readJson(req);
      const parts: { partNumber: number; etag: string }[] = Array.isArray(body?.parts) ? body.parts : [];
      if (!parts.length) throw new HttpError(400, { detail: "parts is required" });
      const chunks: Buffer[] = [];
      for (const p of [...parts].sort((a, b) => a.partNumber - b.partNumber)) {
        const b = u.parts.get(p.partNumber);
        if (!b || createHash("md5").update(b).digest("hex") !== String(p.etag).replaceAll('"', "")) throw new HttpError(400, { detail: `part ${p.partNumber} missing or etag mismatch` });
        chunks.push(b);
      }
      const bytes = Buffer.concat(chunks);
      files.set(fileKey, { bytes, contentType: u.contentType }, bytes.length);
      uploads.delete(token!);
      return json(res, 200, { file_url: `${origin}/files/${fileKey}` });
    }
    throw new HttpError(405, { detail: "Method Not Allowed" });
  }

  function serveFile(req: IncomingMessage, res: ServerResponse, path: string) {
    if (req.method !== "GET" && req.method !== "HEAD") throw new HttpError(405, { detail: "Method Not Allowed" });
    const m = /^\/sample\/([\w.]+)$/.exec(path);
    const sample = m ? Object.values(SAMPLES).find((s) => s.file === m[1]) : undefined;
    const f = sample ? { bytes: sample.bytes, contentType: sample.contentType } : files.get(path.slice(1));
    if (!f) throw new HttpError(404, { detail: "File not found or expired" });
    res.writeHead(200, { "content-type": f.contentType, "content-length": f.bytes.length, "cache-control": "public, max-age=3600" });
    res.end(req.method === "HEAD" ? undefined : f.bytes);
  }

  /** fal's docs pages as Markdown, synthesized from the docs index (title and summary only). */
  function serveDoc(res: ServerResponse, path: string) {
    const page = docPages().find((p) => p.url === `https://fal.ai${path}`);
    if (!page) throw new HttpError(404, { detail: "Page not found" });
    const text = `# ${page.title}\n\n> ${page.description}\n\nSection: ${page.section}\n\n${page.description} This page is served by the fal emulator from fal's docs index; the live page at ${page.url} has the full text.\n`;
    res.writeHead(200, { "content-type": "text/markdown; charset=utf-8", "content-length": Buffer.byteLength(text) });
    res.end(text);
  }

  function parseOr404(id: string) {
    try {
      parseEndpointId(id);
    } catch {
      throw new HttpError(404, { detail: `Application '${id}' not found` });
    }
  }

  const server = createServer({ maxHeaderSize: 16 * 1024, requestTimeout: 120_000 }, async (req, res) => {
    requests++;
    try {
      const url = new URL(req.url ?? "/", "http://emulator");
      const path = url.pathname;
      const isSubmit = req.method === "POST" && path.startsWith("/queue/");
      const fault = path.startsWith("/files/") || path.startsWith("/docs/") || path === "/healthz" ? undefined : faults.pick(req.headers["x-emulator-fault"] as string | undefined, isSubmit);
      if (fault === "reset") return void req.socket.destroy();
      // The platform API speaks its `{error: {type, message}}` envelope; the queue and run hosts FastAPI's `{detail}`.
      const onPlatform = path.startsWith("/v1/");
      if (fault === "5xx")
        throw onPlatform
          ? new HttpError(500, { error: { type: "server_error", message: "Internal server error" } })
          : new HttpError(503, { detail: "Runner scheduling failure", error_type: "runner_scheduling_failure" }, { "x-fal-error-type": "runner_scheduling_failure" });
      if (fault === "429")
        throw new HttpError(429, onPlatform ? { error: { type: "rate_limited", message: "Rate limit exceeded" } } : { detail: "Too many concurrent requests", error_type: "concurrent_requests_limit" }, { "retry-after": "1", "x-fal-needs-retry": "1" });
      if (fault === "slow") await new Promise((r) => setTimeout(r, faults.config.slowMs));
      if (path === "/healthz") return json(res, 200, { ok: true });
      if (path.startsWith("/v1/")) return await platform(req, res, url, path.slice(3));
      if (path.startsWith("/queue/")) return await queue(req, res, url, path.slice(6), fault);
      if (path.startsWith("/run/")) return await run(req, res, path.slice(4), fault);
      if (path.startsWith("/rest/")) return await storage(req, res, path.slice(5));
      if (path.startsWith("/upload/")) return await upload(req, res, path.slice(7));
      if (path.startsWith("/files/")) return serveFile(req, res, path.slice(6));
      if (path.startsWith("/docs/")) return serveDoc(res, path);
      throw new HttpError(404, { detail: "Not Found" });
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
    server.listen({ port: opts.port ?? 0, host: opts.host ?? "127.0.0.1", backlog: 4096 }, () => resolve()); // bursts of thousands of jobs
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === "IPv6" ? `[${addr.address}]` : addr.address;
  origin = `http://${host}:${addr.port}`;
  return {
    url: origin,
    server,
    stats: () => ({ jobs: jobs.size, files: files.size, fileBytes: files.totalBytes, evictedJobs: jobs.evicted, faults: { ...faults.counts }, requests, openStreams }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

export { emulatorUrls } from "./urls.js";
