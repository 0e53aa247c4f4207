/**
 * In-process search over the model catalog and the docs index (MiniSearch: BM25-style scoring, field
 * boosts, prefix and fuzzy matching). The catalog starts as the embedded snapshot and is replaced, for
 * the whole process, when a live refresh from fal succeeds (see catalog-live.ts). Indexes are built
 * once per catalog version and shared by every request.
 */
import MiniSearch from "minisearch";
import { catalog as snapshot, prices, docsIndex, type CatalogModel, type PriceSnapshot } from "../generated/catalog.js";

export type { CatalogModel };
export const priceById: ReadonlyMap<string, PriceSnapshot> = new Map(prices.map((p) => [p.endpoint_id, p]));

const tokenize = (s: string) => s.toLowerCase().split(/[\s/\-_.,:;()[\]{}"'!?]+/).filter(Boolean);

export interface CatalogState {
  models: readonly CatalogModel[];
  byId: ReadonlyMap<string, CatalogModel>;
  categories: readonly string[];
  source: "snapshot" | "live";
  /** ISO date-time of the live refresh, or the snapshot's date. */
  asOf: string;
  index(): MiniSearch<CatalogModel & { id: number }>;
}

export const SNAPSHOT_DATE = "2026-08-21";

function build(models: readonly CatalogModel[], source: CatalogState["source"], asOf: string): CatalogState {
  let index: MiniSearch<CatalogModel & { id: number }> | undefined;
  return {
    models,
    byId: new Map(models.map((m) => [m.endpoint_id, m])),
    categories: [...new Set(models.map((m) => m.category))].sort(),
    source,
    asOf,
    index() {
      if (!index) {
        index = new MiniSearch({
          fields: ["endpoint_id", "name", "description", "tags_text", "category"],
          storeFields: [],
          tokenize,
          extractField: (doc: any, field) => (field === "tags_text" ? doc.tags.join(" ") : doc[field]),
          searchOptions: { boost: { name: 3, endpoint_id: 2.5, tags_text: 1.5, category: 1.2 }, prefix: true, fuzzy: 0.2 },
        });
        index.addAll(models.map((m, id) => ({ ...m, id })));
      }
      return index;
    },
  };
}

let state = build(snapshot, "snapshot", SNAPSHOT_DATE);

/** The catalog every request sees right now (immutable; replaced whole by a refresh). */
export function current(): CatalogState {
  return state;
}

/** Swap in a refreshed catalog; the index is rebuilt lazily on first search. */
export function replaceCatalog(models: readonly CatalogModel[], source: CatalogState["source"], asOf: string): void {
  state = build(models, source, asOf);
}

/** The embedded snapshot, for tests and for models a live list no longer has. */
export const snapshotCatalog: readonly CatalogModel[] = snapshot;

/**
 * Ranked models for free text; deprecated ones last. Exact and prefix matches first; typo tolerance
 * (fuzzy, the expensive part) only when they find fewer than `enough` models. Answers are memoised per
 * catalog version, keyed by query and filter: the catalog is immutable, so they cannot go stale.
 */
export function searchModels(query: string, filter?: (m: CatalogModel) => boolean, s: CatalogState = state, filterKey = filter ? undefined : ""): CatalogModel[] {
  const key = filterKey === undefined ? undefined : `${filterKey}\u0000${query}`;
  const memo = memoOf(s);
  const hit = key === undefined ? undefined : memo.get(key);
  if (hit) return hit;
  const opts = filter ? { filter: (r: { id: unknown }) => filter(s.models[r.id as number]!) } : {};
  let hits = s.index().search(query, { ...opts, fuzzy: false });
  if (hits.length < 20) hits = s.index().search(query, opts);
  const rows = hits.map((h) => s.models[h.id as number]!);
  const ranked = [...rows.filter((m) => m.status !== "deprecated"), ...rows.filter((m) => m.status === "deprecated")];
  if (key !== undefined) {
    if (memo.size >= 2000) memo.delete(memo.keys().next().value!);
    memo.set(key, ranked);
  }
  return ranked;
}

const memos = new WeakMap<CatalogState, Map<string, CatalogModel[]>>();
function memoOf(s: CatalogState): Map<string, CatalogModel[]> {
  let m = memos.get(s);
  if (!m) memos.set(s, (m = new Map()));
  return m;
}

/** Close endpoint ids for a mistyped one. */
export function suggestEndpoints(id: string, n = 3): string[] {
  const q = id.replace(/[/\-_.]+/g, " ");
  return state.index().search(q, { fuzzy: 0.3, prefix: true, fields: ["endpoint_id", "name"] }).slice(0, n).map((h) => state.models[h.id as number]!.endpoint_id);
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

export function docPages(): readonly DocPage[] {
  if (!docs) docsSearch("fal");
  return docs!.pages;
}
