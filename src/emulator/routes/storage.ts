/**
 * rest.fal.ai's storage API: upload initiate (single and multipart), which hands out a pre-signed
 * upload URL (served by ./upload.ts) and the file URL it will have (served by ./files.ts), and the
 * storage token.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { EmulatorState } from "../state.js";
import { HttpError, json, readJsonObject, requireKey } from "../wire.js";

/** The file name as it appears in a file URL: no path separators, URL-encoded. */
export const safeFileName = (fileName: string) => encodeURIComponent(fileName.replace(/[/\\]/g, "_"));

/** `path` is the part after `/rest`. */
export async function storageRoute(st: EmulatorState, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  requireKey(req, st.keys, false);
  const multipart = path === "/storage/upload/initiate-multipart";
  if (req.method === "POST" && (path === "/storage/upload/initiate" || multipart)) {
    const body = await readJsonObject(req, st.maxBody);
    const contentType = body.content_type;
    if (typeof contentType !== "string" || !contentType)
      throw new HttpError(422, { detail: [{ loc: ["body", "content_type"], msg: "Field required", type: "missing" }] });
    const fileName = typeof body.file_name === "string" && body.file_name ? body.file_name : "upload.bin";
    const token = randomUUID().replaceAll("-", "");
    st.uploads.set(token, { contentType, fileName, multipart, parts: new Map() });
    return json(res, 200, {
      upload_url: `${st.origin}/upload/${token}?X-Goog-Signature=emulated`,
      file_url: `${st.origin}/files/${token}/${safeFileName(fileName)}`,
    });
  }
  if (req.method === "POST" && path === "/storage/auth/token") {
    const expiresAt = new Date(Date.now() + 3600_000).toISOString();
    return json(res, 200, { token: randomUUID(), token_type: "Bearer", base_url: `${st.origin}/files`, expires_at: expiresAt });
  }
  throw new HttpError(404, { detail: "Not Found" });
}
