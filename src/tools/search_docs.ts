import type { ToolInput } from "../../generated/tools.js";
import { docsSearch, type DocPage } from "../catalog/search.js";
import { fail, ok, type Handler } from "./context.js";
import { readBoundedText } from "../net/bounded-read.js";

const FAL_DOCS = "https://fal.ai/docs";
const PAGE_TTL_MS = 30 * 60_000;
const MAX_PAGE_BYTES = 512 * 1024;
/** Pages fetched from fal's docs, shared by all requests of the process (public, keyless content). */
const pageCache = new Map<string, { at: number; text: string | undefined }>();

async function fetchPage(url: string, signal: AbortSignal): Promise<string | undefined> {
  const hit = pageCache.get(url);
  if (hit && Date.now() - hit.at < PAGE_TTL_MS) return hit.text;
  let text: string | undefined;
  try {
    // One deadline for headers and body together; the body is streamed and cut at the byte limit.
    const deadline = AbortSignal.any([signal, AbortSignal.timeout(3000)]);
    const res = await fetch(url, { signal: deadline, headers: { accept: "text/markdown, text/plain" }, redirect: "error" });
    if (res.ok) text = await readBoundedText(res, MAX_PAGE_BYTES, deadline);
    else await res.body?.cancel();
  } catch {
    text = undefined; // unreachable: the index's own description stands in
  }
  if (pageCache.size > 500) pageCache.delete(pageCache.keys().next().value!);
  pageCache.set(url, { at: Date.now(), text });
  return text;
}

/** The paragraph of a page that shares most words with the query. */
export function bestPassage(markdown: string, query: string): string | undefined {
  const terms = query
    .toLowerCase()
    .split(/\W+/)
    .filter((t) => t.length > 2);
  let best: { score: number; text: string } | undefined;
  for (const para of markdown.split(/\n\s*\n/)) {
    const p = para.replace(/\s+/g, " ").trim();
    if (p.length < 40 || p.startsWith("```")) continue;
    const low = p.toLowerCase();
    const score = terms.reduce((n, t) => n + (low.includes(t) ? 1 : 0), 0);
    if (score > 0 && (!best || score > best.score)) best = { score, text: p };
  }
  return best && (best.text.length > 400 ? `${best.text.slice(0, 399)}…` : best.text);
}

export const searchDocsTool: Handler<ToolInput<"search_docs">> = async ({ query }, ctx) => {
  if (!query.trim()) return fail('query is empty: say what you are looking for, e.g. "how to upload a file".');
  const hits: DocPage[] = docsSearch(query).slice(0, 8);
  let live = 0;
  const results = await Promise.all(
    hits.map(async (p, i) => {
      let snippet = p.description;
      // Passages from the live pages for the top three, when fal's docs answer.
      if (i < 3 && ctx.docsUrl && p.url.startsWith(FAL_DOCS)) {
        const page = await fetchPage(ctx.docsUrl.replace(/\/$/, "") + p.url.slice(FAL_DOCS.length), ctx.signal);
        const passage = page && bestPassage(page, query);
        if (passage) {
          snippet = passage;
          live++;
        }
      }
      return { title: p.title, url: p.url, section: p.section, snippet };
    }),
  );
  const text = results.length
    ? results.map((r) => `- ${r.title} (${r.section}): ${r.url}\n  ${r.snippet}`).join("\n") + "\nEach link serves the page as Markdown."
    : `No documentation page matches "${query}". Try other words, or browse https://fal.ai/docs/llms.txt.`;
  return ok({ results, source: live ? `fal docs index + ${live} live page(s)` : "fal docs index (embedded snapshot)" }, text);
};
