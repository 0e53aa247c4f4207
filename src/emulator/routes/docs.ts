/** fal's docs pages (`/docs/…`) as Markdown, synthesized from the docs index (title and summary only). */
import type { ServerResponse } from "node:http";
import { docPages } from "../../catalog/search.js";
import { HttpError } from "../wire.js";

/** `path` is the whole path, `/docs/…`, as on fal.ai. */
export function docsRoute(res: ServerResponse, path: string): void {
  const page = docPages().find((p) => p.url === `https://fal.ai${path}`);
  if (!page) throw new HttpError(404, { detail: "Page not found" });
  const text =
    `# ${page.title}\n\n> ${page.description}\n\nSection: ${page.section}\n\n${page.description} ` +
    `This page is served by the fal emulator from fal's docs index; the live page at ${page.url} has the full text.\n`;
  res.writeHead(200, { "content-type": "text/markdown; charset=utf-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
}
