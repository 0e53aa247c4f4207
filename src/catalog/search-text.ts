/**
 * How model text and queries become search terms, the same way on both sides: lower case, Porter-stemmed
 * words (the `stemmer` package: "removing backgrounds" and "remove the background" meet), stop words
 * dropped, and version numbers in one form ("Kling 3.0" = "kling v3" = "kling-video/v3"; "veo3.1" is
 * "veo" + "v3.1" and also "v3", so "Veo 3" finds 3.1 too). Units stay whole ("1080p", "4k", "3d", "14b").
 */
import { stemmer } from "stemmer";

const STOP = new Set(
  (
    "a an the to of for from with and or in on into by as at is are be it its this that these those my me i we you your our " +
    "want need would like please can could should how what which who whats what's do does make makes making create generate " +
    "using use model models best good great some any one via get give show find looking look tool ai there there's " +
    "im i'm let lets help"
  ).split(" "),
);

/** Words after a number that make it a quantity, not a version ("5 seconds", "4 images"). */
const UNIT_WORDS =
  /^(s|sec|secs|second|seconds|min|mins|minute|minutes|h|hour|hours|image|images|photo|photos|picture|pictures|frame|frames|fps|px|pixel|pixels|mp|megapixel|megapixels|word|words|character|characters|step|steps|x|times|speakers?|views?|people|persons?|%)$/;

const RAW = /\d+(?:p|k|d|s|b|x|mp)\b|v?\d+(?:\.\d+)*|[a-z]+(?:'[a-z]+)?/g;

const stems = new Map<string, string>();
export function stem(w: string): string {
  let s = stems.get(w);
  if (s === undefined) {
    s = stemmer(w);
    if (stems.size < 50_000) stems.set(w, s);
  }
  return s;
}

function version(tok: string): string | undefined {
  const m = /^v?(\d{1,2})(?:\.(\d+))?$/.exec(tok);
  if (!m) return undefined;
  return m[2] === undefined || /^0+$/.test(m[2]) ? `v${Number(m[1])}` : `v${Number(m[1])}.${m[2]}`;
}

/**
 * Terms of a model's name, id, tags or description. Versions add their major too ("v3.1" → "v3.1", "v3");
 * in prose (`loose`) bare numbers are quantities more often than versions, so only "v2"-style ones count.
 */
export function docTerms(text: string, loose = false): string[] {
  const out: string[] = [];
  for (const tok of text.toLowerCase().match(RAW) ?? []) {
    if (/^v?\d/.test(tok) && !/[a-z]$/.test(tok)) {
      if (loose && !tok.startsWith("v")) continue;
      const v = version(tok);
      if (!v) continue;
      out.push(v);
      const major = v.replace(/\..*/, "");
      if (major !== v) out.push(major);
    } else if (!STOP.has(tok)) out.push(/\d/.test(tok) ? tok : stem(tok));
  }
  return out;
}

export interface QueryWord {
  /** The normalised term. */
  term: string;
  /** The word as typed (for typo tolerance and reasons). */
  raw: string;
  version: boolean;
}

/**
 * Terms of a query. A bare number is a version when it follows a name and is not a quantity
 * ("kling 3", "flux 2", but not "a 5 second clip" or "4 images").
 */
/**
 * Compound words people write apart or hyphenated, joined as the concept table (concepts.ts) lists them:
 * "lip sync", "cut out", "lo-fi", "hip hop", "low-res". Spelling only, no meaning.
 */
export function joinCompounds(text: string): string {
  return text
    .toLowerCase()
    .replace(/\blip[\s-]+sync/g, "lipsync")
    .replace(/\bcut[\s-]+out\b/g, "cutout")
    .replace(/\blo[\s-]?fi\b/g, "lofi")
    .replace(/\bhip[\s-]?hop\b/g, "hiphop")
    .replace(/\blow[\s-]?res(olution)?\b/g, "lowres");
}

export function queryWords(text: string): QueryWord[] {
  const toks = joinCompounds(text).match(RAW) ?? [];
  const out: QueryWord[] = [];
  toks.forEach((tok, i) => {
    if (/^v?\d/.test(tok) && !/[a-z]$/.test(tok)) {
      const prev = toks[i - 1] ?? "";
      const next = toks[i + 1] ?? "";
      const explicit = tok.startsWith("v") || tok.includes(".");
      if (!explicit && (!/^[a-z]/.test(prev) || STOP.has(prev) || UNIT_WORDS.test(next))) return;
      const v = version(tok);
      if (v) out.push({ term: v, raw: tok, version: true });
    } else if (!STOP.has(tok)) out.push({ term: /\d/.test(tok) ? tok : stem(tok), raw: tok, version: false });
  });
  return out;
}
