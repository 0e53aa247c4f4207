/** The CDN: files uploaded through storage, and the sample media fake outputs point at (`/sample/…`). */
import type { IncomingMessage, ServerResponse } from "node:http";
import { SAMPLES } from "../media.js";
import type { EmulatorState } from "../state.js";
import { HttpError, methodNotAllowed } from "../wire.js";

/** `path` is the part after `/files`. */
export function filesRoute(st: EmulatorState, req: IncomingMessage, res: ServerResponse, path: string): void {
  if (req.method !== "GET" && req.method !== "HEAD") throw methodNotAllowed();
  const m = /^\/sample\/([\w.]+)$/.exec(path);
  const sample = m ? Object.values(SAMPLES).find((s) => s.file === m[1]) : undefined;
  const f = sample ? { bytes: sample.bytes, contentType: sample.contentType } : st.files.get(path.slice(1));
  if (!f) throw new HttpError(404, { detail: "File not found or expired" });
  res.writeHead(200, { "content-type": f.contentType, "content-length": f.bytes.length, "cache-control": "public, max-age=3600" });
  res.end(req.method === "HEAD" ? undefined : f.bytes);
}
