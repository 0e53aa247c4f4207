/**
 * In-process search over the embedded catalog and docs index (MiniSearch: BM25-style scoring, field
 * boosts, prefix and fuzzy matching). Indexes are built once per process, on first use, and shared.
 */
import MiniSearch from "minisearch";
import { catalog, prices, docsIndex, type CatalogModel, type PriceSnapshot } from "../generated/catalog.js";

let modelIndex: MiniSearch<CatalogModel & { id: number }> | undefined;
export const priceById: ReadonlyMap<string, PriceSnapshot> = new Map(prices.map((p) => [p.endpoint_id, p]));
export const modelById: ReadonlyMap<string, CatalogModel> = new Map(catalog.map((m) => [m.endpoint_id, m]));
export const categories: readonly string[] = [...new Set(catalog.map((m) => m.category))].sort();

const tokenize = (s: string) => s.toLowerCase().split(/[\s/\-_.,:;()[\]{}"'!?]+/).filter(Boolean);

export function models(): MiniSearch<CatalogModel & { id: number }> {
  if (!modelIndex) {
    modelIndex = new MiniSearch({
      fields: ["endpoint_id", "name", "description", "tags_text", "category"],
      storeFields: [],
      tokenize,
      extractField: (doc: any, field) => (field === "tags_text" ? doc.tags.join(" ") : doc[field]),
      searchOptions: { boost: { name: 3, endpoint_id: 2.5, tags_text: 1.5, category: 1.2 }, prefix: true, fuzzy: 0.2 },
    });
    modelIndex.addAll(catalog.map((m, id) => ({ ...m, id })));
  }
  return modelIndex;
}

/** Ranked models for free text; deprecated ones last. */
export function searchModels(query: string, filter?: (m: CatalogModel) => boolean): CatalogModel[] {
  const hits = models().search(query, filter ? { filter: (r) => filter(catalog[r.id as number]!) } : undefined);
  const rows = hits.map((h) => catalog[h.id as number]!);
  return [...rows.filter((m) => m.status !== "deprecated"), ...rows.filter((m) => m.status === "deprecated")];
}

/** Close endpoint ids for a mistyped one. */
export function suggestEndpoints(id: string, n = 3): string[] {
  const q = id.replace(/[/\-_.]+/g, " ");
  return models().search(q, { fuzzy: 0.3, prefix: true, fields: ["endpoint_id", "name"] }).slice(0, n).map((h) => catalog[h.id as number]!.endpoint_id);
}

// ---- docs ----
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
      if (m && !pages.some((p) => p.url === m[2])) pages.push({ id: pages.length, title: m[1]!, url: m[2]!, section, description: (m[3] ?? "").trim() });
    }
    const index = new MiniSearch<DocPage>({
      fields: ["title", "description", "section", "url"],
      tokenize,
      searchOptions: { boost: { title: 3, description: 1.5, section: 1 }, prefix: true, fuzzy: 0.2 },
    });
    index.addAll(pages);
    docs = { pages, index };
  }
  return docs.index.search(query).map((h) => docs!.pages[h.id as number]!);
}
