/**
 * The pre-signed upload targets that storage initiate hands out: one `PUT` for a single upload, or
 * `PUT /{part}` per part then `POST /complete` (parts checked against their md5 etags) for multipart.
 */
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { EmulatorState } from "../state.js";
import { HttpError, isRecord, json, methodNotAllowed, readBody, readJsonObject } from "../wire.js";
import { safeFileName } from "./storage.js";

const md5 = (b: Buffer) => createHash("md5").update(b).digest("hex");

/** `path` is the part after `/upload`. */
export async function uploadRoute(st: EmulatorState, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const [token, part] = path.split("/").filter(Boolean);
  const u = token ? st.uploads.get(token) : undefined;
  if (!token || !u) throw new HttpError(404, { detail: "Unknown or expired upload URL" });
  const fileKey = `${token}/${safeFileName(u.fileName)}`;
  if (req.method === "PUT" && !part && !u.multipart) {
    const bytes = await readBody(req, st.maxUpload);
    st.files.set(fileKey, { bytes, contentType: String(req.headers["content-type"] ?? u.contentType) }, bytes.length);
    st.uploads.delete(token);
    res.writeHead(200).end();
    return;
  }
  if (req.method === "PUT" && part && u.multipart && /^\d+$/.test(part)) {
    const n = Number(part);
    if (n < 1 || n > 10_000) throw new HttpError(400, { detail: "partNumber must be 1-10000" });
    const bytes = await readBody(req, st.maxUpload);
    u.parts.set(n, bytes);
    const etag = md5(bytes);
    return json(res, 200, { partNumber: n, etag }, { etag: `"${etag}"` });
  }
  if (req.method === "POST" && part === "complete" && u.multipart) {
    const body = await readJsonObject(req, st.maxBody);
    const parts = Array.isArray(body.parts) ? body.parts.map(partRef) : [];
    if (!parts.length) throw new HttpError(400, { detail: "parts is required" });
    const chunks: Buffer[] = [];
    for (const p of [...parts].sort((a, b) => a.partNumber - b.partNumber)) {
      const b = u.parts.get(p.partNumber);
      if (!b || md5(b) !== p.etag.replaceAll('"', ""))
        throw new HttpError(400, { detail: `part ${p.partNumber} missing or etag mismatch` });
      chunks.push(b);
    }
    const bytes = Buffer.concat(chunks);
    st.files.set(fileKey, { bytes, contentType: u.contentType }, bytes.length);
    st.uploads.delete(token);
    return json(res, 200, { file_url: `${st.origin}/files/${fileKey}` });
  }
  throw methodNotAllowed();
}

/** One `{partNumber, etag}` of a complete request, read as the original did: fields taken as given. */
function partRef(p: unknown): { partNumber: number; etag: string } {
  const r = isRecord(p) ? p : {};
  return { partNumber: r.partNumber as number, etag: String(r.etag) };
}
