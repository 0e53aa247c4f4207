/**
 * In-process search over the model catalog and the docs index (MiniSearch: BM25-style scoring, field
 * boosts, prefix and fuzzy matching). The catalog starts as the embedded snapshot and is replaced, for
 * the whole process, when a live refresh from fal succeeds (see catalog-live.ts). Indexes are built
 * lazily, once per catalog version, and shared by every request.
 *
 * Models are ranked on signals read from fal's own data, the same for every model: stemmed, version-aware
 * words of the name, id, tags, category and description (search-text.ts); fal's words for the capability
 * the query names (concepts.ts, at a lower weight); how many of the query's words a model covers; and the
 * input/output modality the query implies against the model's schema facets (a strong signal, never a
 * filter). Deprecated models come last.
 */
import MiniSearch, { type SearchResult } from "minisearch";
import { catalog as snapshot, prices, docsIndex, type CatalogModel, type PriceSnapshot } from "../generated/catalog.js";
import { conceptTerms, isCapabilityTerm, inferModalities, type Modalities, type Modality } from "./concepts.js";
import { docTerms, queryWords } from "./search-text.js";

export type { CatalogModel };
export const priceById: ReadonlyMap<string, PriceSnapshot> = new Map(prices.map((p) => [p.endpoint_id, p]));

const tokenize = (s: string) => s.toLowerCase().split(/[\s/\-_.,:;()[\]{}"'!?]+/).filter(Boolean);

type ModelIndex = { search: MiniSearch<CatalogModel & { id: number }>; vocabulary: ReadonlySet<string> };

export interface CatalogState {
  models: readonly CatalogModel[];
  byId: ReadonlyMap<string, CatalogModel>;
  categories: readonly string[];
  source: "snapshot" | "live";
  /** ISO date-time of the live refresh, or the snapshot's date. */
  asOf: string;
  index(): MiniSearch<CatalogModel & { id: number }>;
  /** Every term the index holds (to send only unknown words through the costly typo search). */
  vocabulary(): ReadonlySet<string>;
}

export const SNAPSHOT_DATE = "2026-08-21";

const FIELDS = ["name", "endpoint_id", "tags", "category", "description"] as const;
const BOOST = { name: 3, endpoint_id: 2.5, tags: 1.5, category: 1.5, description: 1 };

function buildIndex(models: readonly CatalogModel[]): ModelIndex {
  const vocabulary = new Set<string>();
  const search = new MiniSearch<CatalogModel & { id: number }>({
    fields: [...FIELDS],
    storeFields: [],
    tokenize: (text, field) => {
      const terms = docTerms(text, field === "description");
      for (const t of terms) vocabulary.add(t);
      return terms;
    },
    processTerm: (t) => t,
    extractField: (doc: any, field) => (field === "tags" ? doc.tags.join(" ") : field === "category" ? doc.category.replace(/-/g, " ") : doc[field]),
    searchOptions: { boost: BOOST, tokenize: (s) => [s], processTerm: (t) => t },
  });
  search.addAll(models.map((m, id) => ({ ...m, id })));
  return { search, vocabulary };
}

function build(models: readonly CatalogModel[], source: CatalogState["source"], asOf: string): CatalogState {
  let idx: ModelIndex | undefined;
  const get = () => (idx ??= buildIndex(models));
  return {
    models,
    byId: new Map(models.map((m) => [m.endpoint_id, m])),
    categories: [...new Set(models.map((m) => m.category))].sort(),
    source,
    asOf,
    index: () => get().search,
    vocabulary: () => get().vocabulary,
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

// ---- model modality (schema facets, with fal's category as a fallback) ----
const CAT_WORD: Record<string, Modality> = { image: "image", video: "video", audio: "audio", speech: "audio", text: "text", "3d": "3d", json: "text" };

const modalityCache = new WeakMap<CatalogModel, { ins: Set<Modality>; outs: Set<Modality> }>();

/** What a model takes and produces (computed once per model object: the catalog is immutable). */
export function modelModalities(m: CatalogModel): { ins: ReadonlySet<Modality>; outs: ReadonlySet<Modality> } {
  let got = modalityCache.get(m);
  if (!got) modalityCache.set(m, (got = readModalities(m)));
  return got;
}

function readModalities(m: CatalogModel): { ins: Set<Modality>; outs: Set<Modality> } {
  const ins = new Set<Modality>();
  const outs = new Set<Modality>();
  for (const f of m.facets ?? []) {
    const [side, what] = f.split(":") as [string, string];
    const mod = what === "images" || what === "mask" || what === "control" ? "image" : (what as Modality);
    if (side === "in" && ["image", "video", "audio", "3d", "text"].includes(mod)) ins.add(mod);
    if (side === "out" && ["image", "video", "audio", "3d", "text"].includes(mod)) outs.add(mod);
  }
  const cat = /^([a-z0-9]+)-to-([a-z0-9]+)$/.exec(m.category);
  if (cat) {
    const a = CAT_WORD[cat[1]!];
    const b = CAT_WORD[cat[2]!];
    if (a) ins.add(a);
    if (b && !outs.size) outs.add(b);
  } else if (m.category === "vision") ins.add("image"), outs.size || outs.add("text");
  else if (m.category === "llm") ins.add("text"), outs.size || outs.add("text");
  return { ins, outs };
}

export interface Ranked {
  m: CatalogModel;
  score: number;
  /** The text hit behind the score (see explainMatch). */
  hit?: Hit;
  /** Query term → the word as typed. */
  rawOf?: ReadonlyMap<string, string>;
  /** fal capability words (from the concept table) it matched. */
  concepts: string[];
  /** Modality reasons: "produces video", "takes an image". */
  facets: string[];
}

export interface Understood extends Modalities {
  /** fal category the modalities suggest (a soft boost). */
  category?: string;
}

/** What a query implies, for the answer's `understood`/`inferred_category`. */
export function understand(query: string): Understood {
  const mod = inferModalities(query);
  const category = mod.out ? `${mod.in && mod.in !== mod.out ? mod.in : mod.in ? mod.in : "text"}-to-${mod.out === "audio" && /speech|voice|narrat|aloud|read/.test(query.toLowerCase()) ? "speech" : mod.out}` : undefined;
  return { ...mod, ...(category ? { category: category.replace("text-to-text", "llm").replace("image-to-text", "vision").replace("audio-to-text", "speech-to-text") } : {}) };
}

const TRAINING = /\b(train\w*|fine-?tun\w*|lora|personali[sz]\w*|custom)\b/;

/**
 * Scored models for free text; deprecated ones last. Answers are memoised per catalog version, keyed by
 * query and filter: the catalog is immutable, so they cannot go stale.
 */
export function rankModels(query: string, filter?: (m: CatalogModel) => boolean, s: CatalogState = state, filterKey = filter ? undefined : ""): Ranked[] {
  const key = filterKey === undefined ? undefined : `${filterKey}\u0000${query}`;
  const memo = memoOf(s);
  const hit = key === undefined ? undefined : memo.get(key);
  if (hit) return hit;
  const ranked = rank(query, filter, s);
  if (key !== undefined) {
    if (memo.size >= 2000) memo.delete(memo.keys().next().value!);
    memo.set(key, ranked);
  }
  return ranked;
}

const KEEP = 101;

function rank(query: string, filter: ((m: CatalogModel) => boolean) | undefined, s: CatalogState): Ranked[] {
  const words = queryWords(query);
  const terms = [...new Set(words.map((w) => w.term))];
  const rawOf = new Map(words.map((w) => [w.term, w.raw]));
  const opts = filter ? { filter: (r: { id: unknown }) => filter(s.models[r.id as number]!) } : {};
  const main = combine(terms.map((t) => termHits(s, t, false)), opts.filter);
  const extra = conceptTerms(terms);
  const conc = extra.length ? combine(extra.map((t) => termHits(s, t, true)), opts.filter) : [];
  const want = understand(query);
  const wantsTraining = TRAINING.test(query.toLowerCase());

  const byId = new Map<number, Ranked>();
  const get = (id: number) => {
    let r = byId.get(id);
    if (!r) byId.set(id, (r = { m: s.models[id]!, score: 0, concepts: [], facets: [] }));
    return r;
  };
  const top = (hits: Hit[]) => hits.reduce((m, h) => Math.max(m, h.score), 0) || 1;
  const mainMax = top(main);
  // Coverage of the query's words, capability words ("remove", "background", "upscale") counting double:
  // a model doing what was asked beats one that only shares a noun ("product").
  const weight = (t: string) => (isCapabilityTerm(t) ? 2 : 1);
  const seq = words.map((w) => w.term);
  const pairs = seq.slice(1).map((t, i) => [seq[i]!, t] as const).filter(([a, b]) => a !== b && isCapabilityTerm(a) && isCapabilityTerm(b));
  const inTitle = (h: Hit, t: string) => (h.match[t] ?? []).some((f) => f !== "description");
  const total = terms.reduce((n, t) => n + weight(t), 0);
  for (const h of main) {
    const r = get(h.id);
    const covered = [...new Set(h.queryTerms)].reduce((n, t) => n + weight(t), 0) / total;
    r.score += (h.score / mainMax) * (0.3 + 0.7 * covered);
    // Two capability words in a row ("removing backgrounds") both in the model's name, id or tags: the phrase.
    for (const [a, b] of pairs) if (inTitle(h, a) && inTitle(h, b)) r.score += 0.25;
    r.hit = h;
    r.rawOf = rawOf;
  }
  const concMax = top(conc);
  for (const h of conc) {
    const r = get(h.id);
    r.score += 0.45 * (h.score / concMax);
    r.concepts = h.queryTerms;
  }
  // Few text hits: let the modality alone bring in models (a bare "video from an image").
  if (byId.size < 20 && want.out)
    s.models.forEach((m, id) => {
      if (byId.size < 200 && (!filter || filter(m)) && modelModalities(m).outs.has(want.out!)) get(id);
    });
  for (const r of byId.values()) {
    const { ins, outs } = modelModalities(r.m);
    if (want.out) {
      if (outs.has(want.out)) (r.score += 0.35), r.facets.push(`produces ${want.out}`);
      else if (outs.size) r.score -= 0.35;
    }
    if (want.in) {
      if (ins.has(want.in)) (r.score += 0.2), r.facets.push(`takes ${want.in === "image" ? "an image" : want.in === "audio" ? "audio" : `a ${want.in}`}`);
      else r.score -= 0.25;
    } else if (want.out) {
      // Nothing to start from was named: prefer models that start from words (fal's text-to-* categories).
      if (ins.size && !ins.has("text")) r.score -= 0.1;
      if (r.m.category.includes("-to-") && !r.m.category.startsWith("text-to-")) r.score -= 0.15;
    }
    if (want.category && r.m.category === want.category) r.score += 0.1;
    if (!wantsTraining && (r.m.category === "training" || r.m.endpoint_id.includes("-train"))) r.score -= 0.4;
    r.score += 0.015 * (r.m.listed ?? 0);
  }
  const all = [...byId.values()].sort((a, b) => b.score - a.score || (a.m.endpoint_id < b.m.endpoint_id ? -1 : 1));
  // Enough for any answer (limit ≤ 100, and whether there is more): the memo keeps no more than that.
  return [...all.filter((r) => r.m.status !== "deprecated"), ...all.filter((r) => r.m.status === "deprecated")].slice(0, KEEP);
}

/** Which query words (as typed) a model matched, and in which fields ("removing" → ["name", "tags"]). */
export function explainMatch(r: Ranked): { words: string[]; where: Record<string, string[]> } {
  const where: Record<string, string[]> = {};
  if (!r.hit) return { words: [], where };
  const raw = (t: string) => r.rawOf?.get(t) ?? t;
  for (const [t, fields] of Object.entries(r.hit.match)) {
    const w = raw(r.hit.queryTerms.find((x) => t.startsWith(x)) ?? t);
    const got = (where[w] ??= []);
    for (const f of fields) if (!got.includes(f)) got.push(f);
  }
  return { words: [...new Set(r.hit.queryTerms.map(raw))], where };
}

interface Hit {
  id: number;
  score: number;
  queryTerms: string[];
  match: Record<string, string[]>;
}

/**
 * One word's hits, cached per catalog version (the index is immutable). A multi-word query is the sum
 * of its words' BM25 scores, as MiniSearch's OR is, so a first-time query made of words seen before
 * costs no index walk. Words the index knows match exactly or as a prefix; only unknown ones pay for
 * typo tolerance. Concept words (from the fixed table) match exactly.
 */
function termHits(s: CatalogState, t: string, exact: boolean): Hit[] {
  const cache = termCacheOf(s);
  const key = `${exact ? "=" : "~"}${t}`;
  let hits = cache.get(key);
  if (!hits) {
    const known = s.vocabulary().has(t) || t.length < 4 || /\d/.test(t);
    const found = s.index().search(t, { prefix: !exact && t.length >= 4 && !/^v\d/.test(t), fuzzy: exact || known ? false : 0.25 });
    hits = found.map((h: SearchResult) => ({ id: h.id as number, score: h.score, queryTerms: [t], match: h.match }));
    if (cache.size >= 5000) cache.delete(cache.keys().next().value!);
    cache.set(key, hits);
  }
  return hits;
}

/** Enough candidates for any answer (limit ≤ 100) after the modality and phrase signals reorder them. */
const CANDIDATES = 300;

function combine(lists: Hit[][], filter?: (r: { id: unknown }) => boolean): Hit[] {
  if (lists.length === 1) return (filter ? lists[0]!.filter(filter) : lists[0]!).slice(0, CANDIDATES);
  // Copy on write: most candidates are hit by one word only, and the per-word hits are cached (shared),
  // so a hit is copied only when a second word adds to it. (Copying every hit made first-time queries
  // allocate enough to stall on garbage collection.)
  const byId = new Map<number, Hit>();
  const owned = new Set<Hit>();
  for (const list of lists)
    for (const h of list) {
      const got = byId.get(h.id);
      if (!got) byId.set(h.id, h);
      else {
        const mine = owned.has(got) ? got : { ...got, queryTerms: [...got.queryTerms], match: { ...got.match } };
        if (mine !== got) {
          owned.add(mine);
          byId.set(h.id, mine);
        }
        mine.score += h.score;
        mine.queryTerms.push(...h.queryTerms);
        Object.assign(mine.match, h.match);
      }
    }
  const all = [...byId.values()];
  return (filter ? all.filter(filter) : all).sort((a, b) => b.score - a.score).slice(0, CANDIDATES);
}

const termCaches = new WeakMap<CatalogState, Map<string, Hit[]>>();
function termCacheOf(s: CatalogState): Map<string, Hit[]> {
  let m = termCaches.get(s);
  if (!m) termCaches.set(s, (m = new Map()));
  return m;
}

/** Ranked models for free text (see rankModels). */
export function searchModels(query: string, filter?: (m: CatalogModel) => boolean, s: CatalogState = state, filterKey = filter ? undefined : ""): CatalogModel[] {
  return rankModels(query, filter, s, filterKey).map((r) => r.m);
}

const memos = new WeakMap<CatalogState, Map<string, Ranked[]>>();
function memoOf(s: CatalogState): Map<string, Ranked[]> {
  let m = memos.get(s);
  if (!m) memos.set(s, (m = new Map()));
  return m;
}

/** Close endpoint ids for a mistyped one. */
export function suggestEndpoints(id: string, n = 3): string[] {
  const q = id.replace(/[/\-_.]+/g, " ");
  return searchModels(q).slice(0, n).map((m) => m.endpoint_id);
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
