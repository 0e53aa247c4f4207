/**
 * Search over fal's docs index (MiniSearch: BM25-style scoring, field boosts, prefix and fuzzy matching),
 * built once, on first use.
 */
import MiniSearch from "minisearch";
import { docsIndex } from "../../generated/catalog.js";

const tokenize = (s: string) =>
  s
    .toLowerCase()
    .split(/[\s/\-_.,:;()[\]{}"'!?]+/)
    .filter(Boolean);

export interface DocPage {
  id: number;
  title: string;
  url: string;
  section: string;
  description: string;
}

let docs: { pages: DocPage[]; index: MiniSearch<DocPage> } | undefined;
export function docsSearch(query: string): DocPage[] {
  if (!docs) {
    const pages: DocPage[] = [];
    let section = "";
    for (const line of docsIndex.split("\n")) {
      const h = /^#{2,3}\s+(.+)$/.exec(line);
      if (h) section = h[1]!.trim();
      const m = /^\s*(?:>\s*)?-\s*\[([^\]]+)\]\(([^)]+)\)(?::\s*(.*))?$/.exec(line);
      if (m && !pages.some((p) => p.url === m[2]))
        pages.push({ id: pages.length, title: m[1]!, url: m[2]!, section, description: (m[3] ?? "").trim() });
    }
    const index = new MiniSearch<DocPage>({
      fields: ["title", "description", "section", "url"],
      tokenize,
      searchOptions: { boost: { title: 3, description: 1.5, section: 1 }, prefix: true, fuzzy: 0.2 },
    });
    index.addAll(pages);
    docs = { pages, index };
  }
  // Each term costs a prefix and fuzzy walk of the index: a 500-character query of one-letter words once
  // held the event loop for ~300 ms (and a batch of them for seconds). So: distinct terms only, at most
  // 16, and short ones matched exactly.
  const terms = [...new Set(tokenize(query).map((t) => t.toLowerCase()))].filter(Boolean).slice(0, 16);
  if (!terms.length) return [];
  const found = docs.index.search({
    combineWith: "OR",
    queries: terms.map((t) => ({ queries: [t], prefix: t.length >= 3, fuzzy: t.length >= 4 ? 0.2 : false })),
  });
  return found.map((h) => docs!.pages[h.id as number]!);
}

export function docPages(): readonly DocPage[] {
  if (!docs) docsSearch("fal");
  return docs!.pages;
}
