/**
 * A ranking's answer and the reasons behind each model: which query words matched where, fal's capability
 * words, the modality it fits. Reasons are computed when read, from the query's cached word matches.
 */
import type { CatalogModel } from "../../generated/catalog.js";
import { FIELDS, type ModelIndex } from "./search-index.js";
import { indexOfDoc, termHits, type TermHits } from "./search-hits.js";
import { modelModalities, type Understood } from "./search-modality.js";

export interface Ranked {
  readonly m: CatalogModel;
  readonly score: number;
  /** The text hit behind the score (see explainMatch). */
  readonly hit?: TextHit | undefined;
  /** Query term → the word as typed. */
  readonly rawOf?: ReadonlyMap<string, string> | undefined;
  /** fal capability words (from the concept table) it matched. */
  readonly concepts: string[];
  /** Modality reasons: "produces video", "takes an image". */
  readonly facets: string[];
}

export interface TextHit {
  doc: number;
  /** The query's terms the model's text matched, in query order. */
  queryTerms: string[];
  index: ModelIndex;
}

/**
 * A ranking, kept compact: answers are memoised and live long, and the garbage collector copies every
 * young object that survives, so an answer is a few arrays rather than an object per model. The reasons
 * (concepts, facets, the text hit) are computed when read, which only the answers shown to a caller are.
 */
export interface Answer {
  /** Best first, deprecated ones last; enough for any answer (limit ≤ 100, and whether there is more). */
  models: CatalogModel[];
  docs: Uint32Array;
  scores: Float64Array;
  /** Per answer: 1 = a text hit, 2 = a concept hit. */
  signals: Uint8Array;
  q: QueryContext;
}

/** The answer's models with their scores and reasons. */
export function rankedOf(a: Answer): Ranked[] {
  const out: Ranked[] = [];
  for (let i = 0; i < a.models.length; i++) out.push(new RankedModel(a.models[i]!, a.scores[i]!, a.docs[i]!, a.signals[i]!, a.q));
  return out;
}

/** What a query's answers share, for the reasons computed on demand. */
export interface QueryContext {
  terms: string[];
  rawOf: ReadonlyMap<string, string>;
  mainHits: TermHits[];
  extra: string[];
  concHits: TermHits[];
  want: Understood;
  index: ModelIndex;
}

/** One model of an answer; its reasons are computed when read. */
class RankedModel implements Ranked {
  constructor(
    readonly m: CatalogModel,
    readonly score: number,
    private readonly doc: number,
    private readonly signals: number,
    private readonly q: QueryContext,
  ) {}

  get hit(): TextHit | undefined {
    const { doc, q } = this;
    return this.signals & 1
      ? { doc, queryTerms: q.terms.filter((_, k) => indexOfDoc(q.mainHits[k]!, doc) >= 0), index: q.index }
      : undefined;
  }

  get rawOf(): ReadonlyMap<string, string> | undefined {
    return this.signals & 1 ? this.q.rawOf : undefined;
  }

  get concepts(): string[] {
    const { doc, q } = this;
    return this.signals & 2 ? q.extra.filter((_, k) => indexOfDoc(q.concHits[k]!, doc) >= 0) : [];
  }

  get facets(): string[] {
    const { want } = this.q;
    const { ins, outs } = modelModalities(this.m);
    const facets: string[] = [];
    if (want.out && outs.has(want.out)) facets.push(`produces ${want.out}`);
    if (want.in && ins.has(want.in))
      facets.push(`takes ${want.in === "image" ? "an image" : want.in === "audio" ? "audio" : `a ${want.in}`}`);
    return facets;
  }
}

/** Which query words (as typed) a model matched, and in which fields ("removing" → ["name", "tags"]). */
export function explainMatch(r: Ranked): { words: string[]; where: Record<string, string[]> } {
  const where: Record<string, string[]> = {};
  const hit = r.hit;
  if (!hit) return { words: [], where };
  const raw = (t: string) => r.rawOf?.get(t) ?? t;
  const done = new Set<number>();
  for (const q of hit.queryTerms)
    for (const t of termHits(hit.index, q, false).expansion.terms) {
      if (done.has(t)) continue;
      done.add(t);
      const fields = hit.index.fieldsOf(t, hit.doc);
      if (!fields.length) continue;
      const term = hit.index.terms[t]!;
      const word = raw(hit.queryTerms.find((x) => term.startsWith(x)) ?? term);
      where[word] ??= [];
      const got = where[word];
      for (const f of fields) if (!got.includes(f)) got.push(f);
    }
  // Fields in one order (name, id, tags, category, description), whatever order the terms matched in.
  for (const w of Object.keys(where)) where[w]!.sort((a, b) => FIELDS.indexOf(a as never) - FIELDS.indexOf(b as never));
  return { words: [...new Set(hit.queryTerms.map(raw))], where };
}
