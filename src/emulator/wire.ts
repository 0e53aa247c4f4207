/**
 * The emulator's wire helpers, shared by every route: the error that becomes a fal-shaped response,
 * the JSON writer, bounded body reading and the `Authorization: Key …` check.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

/** Thrown by a route; the composition root turns it into `status` + JSON `body` (+ headers). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}`);
  }
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** The body, refused with fal's 413 once it passes `limit` (declared or streamed). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => new HttpError(413, { detail: `Request body too large (limit ${limit} bytes)` });
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > limit) return reject(tooLarge());
    const chunks: Buffer[] = [];
    let n = 0;
    req.on("data", (c: Buffer) => {
      n += c.length;
      if (n > limit) {
        reject(tooLarge());
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** A JSON body (empty → `{}`), with fal's FastAPI-style 422 for text that does not parse. */
export async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const raw = await readBody(req, limit);
  if (raw.length === 0) return {};
  try {
    return JSON.parse(raw.toString("utf8")) as unknown;
  } catch (e) {
    throw new HttpError(422, { detail: [{ loc: ["body", 0], msg: `JSON decode error: ${(e as Error).message}`, type: "json_invalid" }] });
  }
}

/** A JSON body that must be an object (fields are then read with narrowing). */
export async function readJsonObject(req: IncomingMessage, limit: number): Promise<Record<string, unknown>> {
  const body = await readJson(req, limit);
  return isRecord(body) ? body : {};
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const KEY_RE = /^Key ([^\s:]+):(\S+)$/;

/** fal's key check; the platform API answers in its `{error}` envelope, the other hosts in `{detail}`. */
export function requireKey(req: IncomingMessage, keys: ReadonlySet<string>, platform: boolean): void {
  const h = req.headers.authorization;
  const m = h ? KEY_RE.exec(h) : null;
  const ok = m && (keys.size === 0 || keys.has(`${m[1]}:${m[2]}`));
  if (ok) return;
  const msg = !h ? "Missing authorization header: send `Authorization: Key <FAL_KEY>`" : "Invalid key credentials";
  throw new HttpError(401, platform ? { error: { type: "authorization_error", message: msg } } : { detail: msg });
}

/** A per-request timing override (`x-emulator-queue-ms`, `x-emulator-run-ms`), else the default. */
export function timingHeader(req: IncomingMessage, name: "queue" | "run", dflt: number): number {
  const v = Number(req.headers[`x-emulator-${name}-ms`]);
  return Number.isFinite(v) && v >= 0 ? v : dflt;
}

export function methodNotAllowed(): HttpError {
  return new HttpError(405, { detail: "Method Not Allowed" });
}
