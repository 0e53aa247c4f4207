/**
 * `parseHead` as it was at 246a8c3 (src/fal/http1.ts), before it was rewritten by hand for speed: kept
 * verbatim as the reference the differential test (test/fal/parse-head-differential.test.ts) holds the
 * new parser to. Do not "fix" it: its value is that it is the old behaviour, byte for byte.
 */
import type { Head } from "../../src/fal/http1.js";

const FIELD = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+):[ \t]*([^\n]*)$/;

function trimOws(v: string): string {
  let end = v.length;
  while (end > 0 && (v.charCodeAt(end - 1) === 32 || v.charCodeAt(end - 1) === 9)) end--;
  return end === v.length ? v : v.slice(0, end);
}

export function parseHeadBefore(text: string): Head | undefined {
  const lines = text.split("\r\n");
  const m = /^HTTP\/1\.([01]) (\d{3})(?: |$)/.exec(lines[0] ?? "");
  if (!m) return undefined;
  const headers: Record<string, string | string[] | undefined> = {};
  for (let i = 1; i < lines.length; i++) {
    const f = FIELD.exec(lines[i]!);
    if (!f) return undefined;
    const k = f[1]!.toLowerCase();
    const v = trimOws(f[2]!);
    const had = headers[k];
    headers[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
  }
  const connection = String(headers.connection ?? "").toLowerCase();
  return { status: Number(m[2]), headers, keepAlive: m[1] === "1" && !connection.includes("close") };
}
