/**
 * Ranking models for free text, on signals read from fal's own data, the same for every model: stemmed,
 * version-aware words of the name, id, tags, category and description (search-index.ts); fal's words for
 * the capability the query names (concepts.ts, at a lower weight); how many of the query's words a model
 * covers; and the input/output modality the query implies against the model's schema facets (a strong
 * signal, never a filter). Deprecated models come last.
 *
 * Scores live in typed arrays indexed by model number, reused from query to query, and the answer is a few
 * arrays (search-answer.ts). (Maps of per-model objects made first-time queries allocate enough to stall
 * on garbage collection.)
 */
import type { CatalogModel } from "../../generated/catalog.js";
import { conceptTerms, isCapabilityTerm } from "./concepts.js";
import type { Answer } from "./search-answer.js";
import type { ModelIndex } from "./search-index.js";
import { indexOfDoc, termHits, type TermHits } from "./search-hits.js";
import { modelModalities, understand, type Understood } from "./search-modality.js";
import { queryWords } from "./search-text.js";

/** Enough for any answer (limit ≤ 100, and whether there is more). */
const KEEP = 101;
/** Text candidates kept per signal: enough for any answer after the modality and phrase signals reorder them. */
const CANDIDATES = 300;
const TRAINING = /\b(train\w*|fine-?tun\w*|lora|personali[sz]\w*|custom)\b/;

/** Per-model rows for one ranking, reused (ranking is synchronous); every row is zero between queries. */
interface Rows {
  main: Float64Array;
  cover: Float64Array;
  conc: Float64Array;
  final: Float64Array;
  flags: Uint8Array;
  mainList: Uint32Array;
  concList: Uint32Array;
  union: Uint32Array;
  seen: Uint32Array;
}
const SEEN = 1;
const BLOCKED = 2;
const MAIN = 4;
const CONC = 8;
const IN_UNION = 16;
const MAIN_TOP = 32;
const CONC_TOP = 64;

const rowsByIndex = new WeakMap<ModelIndex, Rows>();
function rowsOf(index: ModelIndex): Rows {
  let r = rowsByIndex.get(index);
  if (!r) {
    const n = index.size;
    const f = () => new Float64Array(n);
    const u = () => new Uint32Array(n);
    r = { main: f(), cover: f(), conc: f(), final: f(), flags: new Uint8Array(n), mainList: u(), concList: u(), union: u(), seen: u() };
    rowsByIndex.set(index, r);
  }
  return r;
}

export function rank(
  query: string,
  filter: ((m: CatalogModel) => boolean) | undefined,
  models: readonly CatalogModel[],
  index: ModelIndex,
): Answer {
  const words = queryWords(query);
  const terms = [...new Set(words.map((w) => w.term))];
  const rawOf = new Map(words.map((w) => [w.term, w.raw]));
  const mainHits = terms.map((t) => termHits(index, t, false));
  const extra = conceptTerms(terms);
  const concHits = extra.map((t) => termHits(index, t, true));
  const want = understand(query);
  const wantsTraining = TRAINING.test(query.toLowerCase());
  // Coverage of the query's words, capability words ("remove", "background", "upscale") counting double:
  // a model doing what was asked beats one that only shares a noun ("product").
  const weight = (t: string) => (isCapabilityTerm(t) ? 2 : 1);
  const total = terms.reduce((n, t) => n + weight(t), 0);
  const seq = words.map((w) => w.term);
  const pairs = seq
    .slice(1)
    .map((t, i) => [seq[i]!, t] as const)
    .filter(([a, b]) => a !== b && isCapabilityTerm(a) && isCapabilityTerm(b));
  const pairHits = pairs.map(([a, b]) => [mainHits[terms.indexOf(a)]!, mainHits[terms.indexOf(b)]!] as const);

  const rows = rowsOf(index);
  const { main, cover, conc, final, flags } = rows;
  let nSeen = 0;
  let nUnion = 0;
  const allowed = (d: number) => {
    if (!(flags[d]! & SEEN)) {
      flags[d]! |= SEEN;
      rows.seen[nSeen++] = d;
      if (filter && !filter(models[d]!)) flags[d]! |= BLOCKED;
    }
    return !(flags[d]! & BLOCKED);
  };
  const add = (hits: TermHits[], into: Float64Array, mark: number, topMark: number, list: Uint32Array, coverWeights?: number[]) => {
    let n = 0;
    hits.forEach((h, k) => {
      for (let i = 0; i < h.docs.length; i++) {
        const d = h.docs[i]!;
        if (!allowed(d)) continue;
        if (!(flags[d]! & mark)) {
          flags[d]! |= mark;
          list[n++] = d;
        }
        into[d]! += h.scores[i]!;
        if (coverWeights) cover[d]! += coverWeights[k]!;
      }
    });
    // The best CANDIDATES by text score (ties: catalog order). Comparators and loops here stay on small
    // integers: a comparator returning a float difference allocates a number per comparison.
    const top =
      n > CANDIDATES
        ? list
            .subarray(0, n)
            .sort((a, b) => (into[a]! > into[b]! ? -1 : into[a]! < into[b]! ? 1 : a - b))
            .subarray(0, CANDIDATES)
        : list.subarray(0, n);
    let max = 0;
    for (let i = 0; i < top.length; i++) {
      const d = top[i]!;
      if (into[d]! > max) max = into[d]!;
      flags[d]! |= topMark;
    }
    return { top, max: max || 1 };
  };
  try {
    const m = add(mainHits, main, MAIN, MAIN_TOP, rows.mainList, terms.map(weight));
    const c = add(concHits, conc, CONC, CONC_TOP, rows.concList);
    const join = (d: number) => {
      if (!(flags[d]! & IN_UNION)) {
        flags[d]! |= IN_UNION;
        rows.union[nUnion++] = d;
      }
    };
    for (let i = 0; i < m.top.length; i++) join(m.top[i]!);
    for (let i = 0; i < c.top.length; i++) join(c.top[i]!);
    // Few text hits: let the modality alone bring in models (a bare "video from an image").
    if (nUnion < 20 && want.out)
      for (let d = 0; d < models.length && nUnion < 200; d++)
        if ((!filter || filter(models[d]!)) && modelModalities(models[d]!).outs.has(want.out)) join(d);
    const union = rows.union.subarray(0, nUnion);
    const inMain = (d: number) => (flags[d]! & MAIN_TOP) !== 0;
    const inConc = (d: number) => (flags[d]! & CONC_TOP) !== 0;
    const signals: Signals = { main, cover, conc, mainMax: m.max, concMax: c.max, total, pairHits, want, wantsTraining };
    for (let i = 0; i < union.length; i++) {
      const d = union[i]!;
      modelScore(models[d]!, d, flags[d]!, signals, final);
    }
    const deprecated = (d: number) => (models[d]!.status === "deprecated" ? 1 : 0);
    const order = new Array<number>(union.length);
    for (let i = 0; i < union.length; i++) order[i] = union[i]!;
    order.sort(
      (a, b) =>
        deprecated(a) - deprecated(b) ||
        (final[a]! > final[b]! ? -1 : final[a]! < final[b]! ? 1 : models[a]!.endpoint_id < models[b]!.endpoint_id ? -1 : 1),
    );
    const n = Math.min(KEEP, order.length);
    const answer: Answer = {
      models: [],
      docs: new Uint32Array(n),
      scores: new Float64Array(n),
      signals: new Uint8Array(n),
      q: { terms, rawOf, mainHits, extra, concHits, want, index },
    };
    for (let i = 0; i < n; i++) {
      const d = order[i]!;
      answer.models.push(models[d]!);
      answer.docs[i] = d;
      answer.scores[i] = final[d]!;
      answer.signals[i] = (inMain(d) ? 1 : 0) | (inConc(d) ? 2 : 0);
    }
    return answer;
  } finally {
    for (let i = 0; i < nSeen; i++) reset(rows, rows.seen[i]!);
    for (let i = 0; i < nUnion; i++) reset(rows, rows.union[i]!);
  }
}

interface Signals {
  main: Float64Array;
  cover: Float64Array;
  conc: Float64Array;
  mainMax: number;
  concMax: number;
  total: number;
  pairHits: (readonly [TermHits, TermHits])[];
  want: Understood;
  wantsTraining: boolean;
}

/**
 * One candidate's score: its text and concept scores (each relative to the best), the phrase bonus, and
 * the modality, category, training and popularity signals, written to `into`. (A function of its own,
 * called per candidate, is compiled early, and returns no float: its sums then allocate nothing.)
 */
function modelScore(model: CatalogModel, d: number, flags: number, s: Signals, into: Float64Array): void {
  const { want } = s;
  let score = 0;
  if (flags & MAIN_TOP) {
    score += (s.main[d]! / s.mainMax) * (0.3 + 0.7 * (s.cover[d]! / s.total));
    // Two capability words in a row ("removing backgrounds") both in the model's name, id or tags: the phrase.
    for (let k = 0; k < s.pairHits.length; k++) if (titleHas(s.pairHits[k]![0], d) && titleHas(s.pairHits[k]![1], d)) score += 0.25;
  }
  if (flags & CONC_TOP) score += 0.45 * (s.conc[d]! / s.concMax);
  const { ins, outs } = modelModalities(model);
  if (want.out) {
    if (outs.has(want.out)) score += 0.35;
    else if (outs.size) score -= 0.35;
  }
  if (want.in) {
    if (ins.has(want.in)) score += 0.2;
    else score -= 0.25;
  } else if (want.out) {
    // Nothing to start from was named: prefer models that start from words (fal's text-to-* categories).
    if (ins.size && !ins.has("text")) score -= 0.1;
    if (model.category.includes("-to-") && !model.category.startsWith("text-to-")) score -= 0.15;
  }
  if (want.category && model.category === want.category) score += 0.1;
  if (!s.wantsTraining && (model.category === "training" || model.endpoint_id.includes("-train"))) score -= 0.4;
  into[d] = score + 0.015 * (model.listed ?? 0);
}

function reset(rows: Rows, d: number): void {
  rows.main[d] = rows.cover[d] = rows.conc[d] = rows.final[d] = 0;
  rows.flags[d] = 0;
}

/** Whether the query word itself (not a longer or misspelt form) is in the model's name, id, tags or category. */
function titleHas(h: TermHits, doc: number): boolean {
  const i = indexOfDoc(h, doc);
  return i >= 0 && h.title[i] === 1;
}
