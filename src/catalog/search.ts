/**
 * The model catalog every request sees, and search over it. The catalog starts as the embedded snapshot
 * and is replaced, for the whole process, when a live refresh from fal succeeds (see live.ts). Its
 * index (search-index.ts) is built lazily, once per catalog version, and shared by every request; ranking
 * is in search-rank.ts, the docs search in docs-search.ts.
 */
import { catalogAsOf, catalog as snapshot, prices, type CatalogModel, type PriceSnapshot } from "../../generated/catalog.js";
import { buildModelIndex, type ModelIndex } from "./search-index.js";
import { rankedOf, type Answer, type Ranked } from "./search-answer.js";
import { rank } from "./search-rank.js";
import { boundedDistance } from "./edit-distance.js";

export type { CatalogModel, Ranked };
export { explainMatch } from "./search-answer.js";
export { modelModalities, understand, type Understood } from "./search-modality.js";
export { docPages, docsSearch, type DocPage } from "./docs-search.js";
export const priceById: ReadonlyMap<string, PriceSnapshot> = new Map(prices.map((p) => [p.endpoint_id, p]));

export interface CatalogState {
  models: readonly CatalogModel[];
  byId: ReadonlyMap<string, CatalogModel>;
  categories: readonly string[];
  source: "snapshot" | "live";
  /** ISO date-time of the live refresh, or the snapshot's date. */
  asOf: string;
  /** The search index (built on first use). */
  index(): ModelIndex;
}

export const SNAPSHOT_DATE = catalogAsOf;

function build(models: readonly CatalogModel[], source: CatalogState["source"], asOf: string): CatalogState {
  let idx: ModelIndex | undefined;
  return {
    models,
    byId: new Map(models.map((m) => [m.endpoint_id, m])),
    categories: [...new Set(models.map((m) => m.category))].sort(),
    source,
    asOf,
    index: () => (idx ??= buildModelIndex(models)),
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
 * Scored models for free text; deprecated ones last. Answers are memoised per catalog version, keyed by
 * query and filter: the catalog is immutable, so they cannot go stale.
 */
export function rankModels(
  query: string,
  filter?: (m: CatalogModel) => boolean,
  s: CatalogState = state,
  filterKey = filter ? undefined : "",
): Ranked[] {
  return rankedOf(answer(query, filter, s, filterKey));
}

/** Ranked models for free text (see rankModels), without the scores and reasons. */
export function searchModels(
  query: string,
  filter?: (m: CatalogModel) => boolean,
  s: CatalogState = state,
  filterKey = filter ? undefined : "",
): CatalogModel[] {
  return answer(query, filter, s, filterKey).models.slice();
}

function answer(query: string, filter: ((m: CatalogModel) => boolean) | undefined, s: CatalogState, filterKey: string | undefined): Answer {
  const key = filterKey === undefined ? undefined : `${filterKey}\u0000${query}`;
  const memo = memoOf(s);
  const hit = key === undefined ? undefined : memo.get(key);
  if (hit) return hit;
  const ranked = rank(query, filter, s.models, s.index());
  if (key !== undefined) {
    if (memo.size >= 2000) memo.delete(memo.keys().next().value!);
    memo.set(key, ranked);
  }
  return ranked;
}

const memos = new WeakMap<CatalogState, Map<string, Answer>>();
function memoOf(s: CatalogState): Map<string, Answer> {
  let m = memos.get(s);
  if (!m) {
    m = new Map();
    memos.set(s, m);
  }
  return m;
}

/**
 * Close endpoint ids for a mistyped one: ids a few edits away first (closest first: "fal-ai/flux/deb" is
 * one letter from "fal-ai/flux/dev", which a word search for "deb" misses), ids it is the start of
 * before ids two or three edits away, then the search's best matches for the id's words.
 */
export function suggestEndpoints(id: string, n = 3, s: CatalogState = state): string[] {
  const typed = id.toLowerCase();
  const max = Math.min(3, Math.max(1, Math.floor(typed.length / 8)));
  const near: { id: string; d: number }[] = [];
  for (const m of s.models) {
    const d = boundedDistance(typed, m.endpoint_id.toLowerCase(), max);
    if (d !== undefined) near.push({ id: m.endpoint_id, d });
  }
  near.sort((a, b) => a.d - b.d);
  const out = near.filter((x) => x.d <= 1).map((x) => x.id);
  // Cut short ("fal-ai/flux/sch", "…/v2.1/pro"): the ids it begins, shortest first, before ids 2–3 edits away.
  if (typed.length >= 8) {
    const longer = s.models.filter((m) => m.endpoint_id.toLowerCase().startsWith(typed)).map((m) => m.endpoint_id);
    for (const x of longer.sort((a, b) => a.length - b.length)) if (!out.includes(x)) out.push(x);
  }
  for (const x of near) if (x.d > 1 && !out.includes(x.id)) out.push(x.id);
  for (const m of searchModels(id.replace(/[/\-_.]+/g, " "), undefined, s)) {
    if (out.length >= n) break;
    if (!out.includes(m.endpoint_id)) out.push(m.endpoint_id);
  }
  return out.slice(0, n);
}
