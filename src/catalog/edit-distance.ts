/**
 * Levenshtein distance with a ceiling, for typo tolerance over the search vocabulary. Only a band of
 * 2·max+1 cells per row can stay within the ceiling, and a row whose band is all above it ends the walk:
 * a word of another length or a different start costs a few comparisons, not a full matrix.
 */

/** Rows reused across calls (search runs on one thread, one word at a time). */
let prev = new Uint8Array(64);
let cur = new Uint8Array(64);

/** The edit distance between a and b when it is at most max, else undefined. */
export function boundedDistance(a: string, b: string, max: number): number | undefined {
  if (Math.abs(a.length - b.length) > max) return undefined;
  const n = b.length;
  if (n + 1 > prev.length) {
    prev = new Uint8Array(n + 1);
    cur = new Uint8Array(n + 1);
  }
  const over = max + 1;
  for (let j = 0; j <= n; j++) prev[j] = Math.min(j, over);
  for (let i = 1; i <= a.length; i++) {
    const lo = Math.max(1, i - max);
    const hi = Math.min(n, i + max);
    cur[0] = Math.min(i, over);
    if (lo > 1) cur[lo - 1] = over;
    let best = cur[0]!;
    const ca = a.charCodeAt(i - 1);
    for (let j = lo; j <= hi; j++) {
      const d = Math.min(prev[j - 1]! + (ca === b.charCodeAt(j - 1) ? 0 : 1), prev[j]! + 1, cur[j - 1]! + 1);
      cur[j] = Math.min(d, over);
      if (cur[j]! < best) best = cur[j]!;
    }
    if (hi < n) cur[hi + 1] = over;
    if (best > max) return undefined;
    const t = prev;
    prev = cur;
    cur = t;
  }
  const d = prev[n]!;
  return d <= max ? d : undefined;
}
