/**
 * The model index: every term of the catalog's text (search-text.ts) with its postings, scored with BM25+
 * exactly as MiniSearch 7 scores a field (k 1.2, b 0.7, d 0.5, field length = distinct terms, the same
 * field boosts), which the ranking was tuned on. Built once per catalog version, it holds what a first
 * query used to compute lazily: the sorted vocabulary (a prefix is a binary search, not a walk), terms
 * grouped by length (a typo search compares only words of a near length, with a bounded edit distance),
 * and per-posting scores in flat typed arrays (little for the garbage collector to trace).
 */
import type { CatalogModel } from "../../generated/catalog.js";
import { boundedDistance } from "./edit-distance.js";
import { docTerms } from "./search-text.js";

export const FIELDS = ["name", "endpoint_id", "tags", "category", "description"] as const;
export type Field = (typeof FIELDS)[number];
const BOOST = [3, 2.5, 1.5, 1.5, 1];
export const DESCRIPTION_FIELD = FIELDS.indexOf("description");
const K = 1.2;
const B = 0.7;
const D = 0.5;
/** MiniSearch's weights for a prefix and a typo match, and its ceiling on edits. */
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;
const MAX_EDITS = 6;

function fieldText(m: CatalogModel, field: number): string {
  return field === 2
    ? m.tags.join(" ")
    : field === 3
      ? m.category.replace(/-/g, " ")
      : m[FIELDS[field] as "name" | "endpoint_id" | "description"];
}

/** A query term's matches in the index: the terms it stands for and how much each counts. */
export interface Expansion {
  /** Whether terms[0] is the query term itself. */
  exact: boolean;
  terms: number[];
  weights: number[];
}

export class ModelIndex {
  /** The vocabulary, sorted (code-unit order, as `<` compares). */
  readonly terms: string[];
  private readonly termId: Map<string, number>;
  /** Term ids by term length, for the typo search. */
  private readonly byLength: number[][] = [];
  /** Postings of term t are entries start[t] … start[t+1]-1, ordered by field, then document. */
  private readonly start: Uint32Array;
  private readonly doc: Uint32Array;
  private readonly field: Uint8Array;
  /** The unboosted BM25+ score of the term in that field of that document. */
  private readonly raw: Float64Array;

  constructor(
    readonly size: number,
    postings: Map<string, number[][]>,
    fieldLength: Uint16Array,
    avgLength: number[],
  ) {
    this.terms = [...postings.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    this.termId = new Map(this.terms.map((t, i) => [t, i]));
    let total = 0;
    for (const perField of postings.values()) for (const list of perField) if (list) total += list.length / 2;
    this.start = new Uint32Array(this.terms.length + 1);
    this.doc = new Uint32Array(total);
    this.field = new Uint8Array(total);
    this.raw = new Float64Array(total);
    let at = 0;
    this.terms.forEach((t, id) => {
      this.byLength[t.length] ??= [];
      this.byLength[t.length]!.push(id);
      this.start[id] = at;
      const perField = postings.get(t)!;
      for (let f = 0; f < FIELDS.length; f++) {
        const list = perField[f];
        if (!list) continue;
        const matching = list.length / 2;
        const idf = Math.log(1 + (size - matching + 0.5) / (matching + 0.5));
        for (let i = 0; i < list.length; i += 2) {
          const d = list[i]!;
          const tf = list[i + 1]!;
          this.doc[at] = d;
          this.field[at] = f;
          this.raw[at++] = idf * (D + (tf * (K + 1)) / (tf + K * (1 - B + (B * fieldLength[d * FIELDS.length + f]!) / avgLength[f]!)));
        }
      }
    });
    this.start[this.terms.length] = at;
  }

  has(term: string): boolean {
    return this.termId.has(term);
  }

  /**
   * The index terms a query term matches, as MiniSearch expands it: itself (weight 1), longer words it
   * begins (prefix), then words within `edits` typos that are not prefix matches.
   */
  expand(term: string, prefix: boolean, edits: number): Expansion {
    const self = this.termId.get(term);
    const out: Expansion = { exact: self !== undefined, terms: [], weights: [] };
    if (self !== undefined) {
      out.terms.push(self);
      out.weights.push(1);
    }
    if (prefix) {
      for (let i = this.lowerBound(term); i < this.terms.length && this.terms[i]!.startsWith(term); i++) {
        const t = this.terms[i]!;
        if (t.length === term.length) continue;
        out.terms.push(i);
        out.weights.push((PREFIX_WEIGHT * t.length) / (t.length + 0.3 * (t.length - term.length)));
      }
    }
    const max = Math.min(MAX_EDITS, edits);
    for (let len = Math.max(1, term.length - max); max > 0 && len <= term.length + max; len++)
      for (const i of this.byLength[len] ?? []) {
        const t = this.terms[i]!;
        if (prefix && t.startsWith(term)) continue;
        const d = boundedDistance(term, t, max);
        if (d) {
          out.terms.push(i);
          out.weights.push((FUZZY_WEIGHT * t.length) / (t.length + d));
        }
      }
    return out;
  }

  /**
   * Adds the expansion's BM25+ scores into `score` (indexed by document), in MiniSearch's order (term,
   * then field, then document), marks documents with the query term itself (not a longer or misspelt
   * form) outside their description in `title`, and lists
   * each document the first time it scores in `touched` (returning the new count).
   */
  accumulate(e: Expansion, score: Float64Array, title: Uint8Array, seen: Uint8Array, touched: Uint32Array, count: number): number {
    for (let k = 0; k < e.terms.length; k++) {
      const t = e.terms[k]!;
      const w = e.weights[k]!;
      const itself = k === 0 && e.exact;
      for (let p = this.start[t]!, end = this.start[t + 1]!; p < end; p++) {
        const d = this.doc[p]!;
        const f = this.field[p]!;
        score[d]! += w * BOOST[f]! * this.raw[p]!;
        if (itself && f !== DESCRIPTION_FIELD) title[d] = 1;
        if (!seen[d]) {
          seen[d] = 1;
          touched[count++] = d;
        }
      }
    }
    return count;
  }

  /** The fields of a document a term occurs in, in field order. */
  fieldsOf(term: number, doc: number): Field[] {
    const out: Field[] = [];
    for (let p = this.start[term]!, end = this.start[term + 1]!; p < end; p++) if (this.doc[p] === doc) out.push(FIELDS[this.field[p]!]!);
    return out;
  }

  private lowerBound(term: string): number {
    let lo = 0;
    let hi = this.terms.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.terms[mid]! < term) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Indexes the models' name, id, tags, category and description (document number = position). */
export function buildModelIndex(models: readonly CatalogModel[]): ModelIndex {
  // term → per field, flat [document, term frequency] pairs, documents ascending.
  const postings = new Map<string, number[][]>();
  const fieldLength = new Uint16Array(models.length * FIELDS.length);
  const avgLength = FIELDS.map(() => 0);
  const tf = new Map<string, number>();
  models.forEach((m, d) => {
    for (let f = 0; f < FIELDS.length; f++) {
      tf.clear();
      for (const t of docTerms(fieldText(m, f), f === DESCRIPTION_FIELD)) tf.set(t, (tf.get(t) ?? 0) + 1);
      fieldLength[d * FIELDS.length + f] = tf.size;
      // A running mean, computed as MiniSearch does (so scores agree to the last bit).
      avgLength[f] = (avgLength[f]! * d + tf.size) / (d + 1);
      for (const [t, n] of tf) {
        let perField = postings.get(t);
        if (!perField) {
          perField = [];
          postings.set(t, perField);
        }
        perField[f] ??= [];
        perField[f]!.push(d, n);
      }
    }
  });
  return new ModelIndex(models.length, postings, fieldLength, avgLength);
}
