import type { ToolInput } from "../../generated/tools.js";
import { UrlRefused } from "../net/guard.js";
import { fail, falFailure, needKey, ok, ToolFailure, type Handler } from "./context.js";

const TYPES: Record<string, string> = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".gif": "image/gif",
  ".mp4": "video/mp4",
  ".mov": "video/quicktime",
  ".webm": "video/webm",
  ".wav": "audio/wav",
  ".mp3": "audio/mpeg",
  ".ogg": "audio/ogg",
  ".flac": "audio/flac",
  ".glb": "model/gltf-binary",
  ".zip": "application/zip",
  ".json": "application/json",
  ".txt": "text/plain",
};
const MAX_DATA_BYTES = 10 * 1024 * 1024;

const basename = (p: string) => p.split(/[\\/]/).pop() ?? "";
const extname = (p: string) => /\.[^./\\]*$/.exec(basename(p))?.[0] ?? "";

/** Web-standard base64 (also URL-safe) to bytes: no Buffer, so it runs on every runtime. */
function fromBase64(b64: string): Uint8Array {
  const clean = b64.replace(/\s+/g, "").replace(/-/g, "+").replace(/_/g, "/");
  const bin = atob(clean + "=".repeat((4 - (clean.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * A file name safe to put in an upload request and to show a person: no paths, no header tricks, no
 * control characters (C0, DEL, C1 such as U+0085 NEL) and no invisible format characters (\p{Cf}: bidi
 * overrides such as U+202E that make `gpj.exe` read as `exe.jpg`, zero-width characters), nor line and
 * paragraph separators.
 */
export function safeFileName(name: string | undefined, fallback: string): string {
  const cleaned = (name ?? "")
    .replace(/[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}"\\/:*?<>|]+/gu, "_")
    .replace(/^\.+/, "")
    .trim()
    .slice(0, 200);
  return cleaned || fallback;
}

export const uploadFileTool: Handler<ToolInput<"upload_file">> = async (args, ctx) => {
  try {
    const fal = needKey(ctx);
    let bytes: Uint8Array;
    let contentType = args.content_type;
    let name = args.file_name;
    if (args.data !== undefined) {
      if (args.url) return fail("Give either url or data, not both.");
      const m = /^data:([^;,]+)?(;base64)?,(.*)$/s.exec(args.data);
      const b64 = m ? m[3]! : args.data;
      if (m && !m[2]) return fail("Only base64 data: URIs are accepted (…;base64,…).");
      // Bounded before anything reads the whole string: every 4 base64 characters are 3 bytes (5 % of
      // slack for line breaks; the exact size is checked again once decoded).
      const approxBytes = Math.floor((b64.length * 3) / 4);
      if (approxBytes > MAX_DATA_BYTES * 1.05)
        return fail(
          `data is about ${approxBytes} bytes once decoded; inline uploads are limited to ${MAX_DATA_BYTES} bytes. Host the file and pass its url instead.`,
        );
      if (!/^[A-Za-z0-9+/=\s_-]*$/.test(b64)) return fail("data is not valid base64.");
      try {
        bytes = fromBase64(b64);
      } catch {
        return fail("data is not valid base64.");
      }
      if (bytes.length === 0) return fail("data decodes to an empty file.");
      if (bytes.length > MAX_DATA_BYTES)
        return fail(
          `data is ${bytes.length} bytes; inline uploads are limited to ${MAX_DATA_BYTES}. Host the file and pass its url instead.`,
        );
      contentType ??= m?.[1];
    } else if (args.url) {
      const isUrl = /^[a-z][a-z0-9+.-]*:/i.test(args.url);
      if (!isUrl) {
        if (ctx.mode !== "stdio")
          return fail(
            "Local paths can be uploaded only when the server runs locally over stdio; on this hosted server pass a public URL or base64 data.",
          );
        // Only over stdio, where the caller is the local user; loaded lazily (no fs on Workers).
        const { readFile, stat } = await import("node:fs/promises");
        const info = await stat(args.url).catch(() => undefined);
        if (!info?.isFile()) return fail(`No readable file at ${args.url}.`);
        if (info.size > ctx.guard.maxBytes) return fail(`The file is ${info.size} bytes, over the ${ctx.guard.maxBytes}-byte limit.`);
        bytes = await readFile(args.url);
        name ??= basename(args.url);
      } else {
        const got = await ctx.guard.fetchBytes(args.url, ctx.signal);
        bytes = got.bytes;
        contentType ??= got.contentType?.split(";")[0];
        name ??= basename(new URL(got.finalUrl).pathname) || undefined;
      }
    } else return fail("Give url (a public URL, or a local path over stdio) or data (base64).");
    const fileName = safeFileName(name, "upload.bin");
    contentType =
      (contentType && /^[\w.+-]+\/[\w.+-]+$/.test(contentType) ? contentType : undefined) ??
      TYPES[extname(fileName).toLowerCase()] ??
      "application/octet-stream";
    const cdn = await fal.upload(bytes, { contentType, fileName }, { signal: ctx.signal });
    return ok(
      { cdn_url: cdn, content_type: contentType, size_bytes: bytes.length, file_name: fileName },
      `Uploaded ${fileName} (${bytes.length} bytes, ${contentType}): ${cdn}\nPass it to a model's URL field (image_url, audio_url, …).`,
    );
  } catch (e) {
    if (e instanceof UrlRefused) return fail(`Refused to fetch that URL: ${e.message}.`);
    if (e instanceof ToolFailure) return fail(e.message);
    return falFailure(e, "uploading the file");
  }
};
