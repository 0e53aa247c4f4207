/**
 * One query word's matches in the model index, cached per index (the index is immutable, so they never go
 * stale). A multi-word query adds up its words' scores, as MiniSearch's OR does, so a first-time query
 * made of words seen before costs no index lookup. Words the index knows match exactly or as a prefix;
 * only unknown ones pay for typo tolerance. Concept words (from the fixed table) match exactly.
 */
import type { Expansion, ModelIndex } from "./search-index.js";

export interface TermHits {
  /** Matching documents, ascending. */
  docs: Uint32Array;
  scores: Float64Array;
  /** 1 where the word itself is in the name, id, tags or category (the phrase signal). */
  title: Uint8Array;
  /** The index terms it matched (for explaining a match). */
  expansion: Expansion;
}

/** Per-document scratch rows, reused by every lookup (search is synchronous, one lookup at a time). */
interface Scratch {
  score: Float64Array;
  title: Uint8Array;
  seen: Uint8Array;
  touched: Uint32Array;
}

const scratches = new WeakMap<ModelIndex, Scratch>();
function scratchOf(index: ModelIndex): Scratch {
  let s = scratches.get(index);
  const n = index.size;
  if (!s) {
    s = { score: new Float64Array(n), title: new Uint8Array(n), seen: new Uint8Array(n), touched: new Uint32Array(n) };
    scratches.set(index, s);
  }
  return s;
}

const caches = new WeakMap<ModelIndex, Map<string, TermHits>>();

export function termHits(index: ModelIndex, t: string, exact: boolean): TermHits {
  let cache = caches.get(index);
  if (!cache) {
    cache = new Map();
    caches.set(index, cache);
  }
  const key = `${exact ? "=" : "~"}${t}`;
  let hits = cache.get(key);
  if (!hits) {
    hits = lookup(index, t, exact);
    if (cache.size >= 5000) cache.delete(cache.keys().next().value!);
    cache.set(key, hits);
  }
  return hits;
}

function lookup(index: ModelIndex, t: string, exact: boolean): TermHits {
  const known = index.has(t) || t.length < 4 || /\d/.test(t);
  const prefix = !exact && t.length >= 4 && !/^v\d/.test(t);
  const expansion = index.expand(t, prefix, exact || known ? 0 : Math.round(t.length * 0.25));
  const s = scratchOf(index);
  const n = index.accumulate(expansion, s.score, s.title, s.seen, s.touched, 0);
  const docs = s.touched.slice(0, n).sort();
  const scores = new Float64Array(n);
  const title = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const d = docs[i]!;
    scores[i] = s.score[d]!;
    title[i] = s.title[d]!;
    s.score[d] = 0;
    s.title[d] = 0;
    s.seen[d] = 0;
  }
  return { docs, scores, title, expansion };
}

/** Position of a document in a word's hits, or -1. */
export function indexOfDoc(h: TermHits, doc: number): number {
  let lo = 0;
  let hi = h.docs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const d = h.docs[mid]!;
    if (d === doc) return mid;
    if (d < doc) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
