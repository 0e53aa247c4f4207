/**
 * The model index (src/catalog/search-index.ts) replaced a MiniSearch index that the ranking was tuned on. These
 * tests hold it to MiniSearch's answers word by word (same documents, same BM25+ scores, for exact,
 * prefix and typo matches), so the ranking cannot drift; and hold the bounded edit distance that serves
 * typo matches to a plain Levenshtein distance.
 */
import fc from "fast-check";
import MiniSearch from "minisearch";
import { describe, expect, it } from "vitest";
import { boundedDistance } from "../../src/catalog/edit-distance.js";
import { termHits } from "../../src/catalog/search-hits.js";
import { buildModelIndex } from "../../src/catalog/search-index.js";
import { snapshotCatalog, type CatalogModel } from "../../src/catalog/search.js";
import { docTerms } from "../../src/catalog/search-text.js";

/** The MiniSearch index search.ts used before, configured as it was. */
function referenceIndex(models: readonly CatalogModel[]) {
  const ms = new MiniSearch<CatalogModel & { id: number }>({
    fields: ["name", "endpoint_id", "tags", "category", "description"],
    storeFields: [],
    tokenize: (text, field) => docTerms(text, field === "description"),
    processTerm: (t) => t,
    extractField: (doc, field) =>
      field === "tags"
        ? doc.tags.join(" ")
        : field === "category"
          ? doc.category.replace(/-/g, " ")
          : (doc as unknown as Record<string, unknown>)[field],
    searchOptions: {
      boost: { name: 3, endpoint_id: 2.5, tags: 1.5, category: 1.5, description: 1 },
      tokenize: (s) => [s],
      processTerm: (t) => t,
    },
  });
  ms.addAll(models.map((m, id) => ({ ...m, id })));
  return ms;
}

describe("the model index scores words as the MiniSearch index it replaced", () => {
  const models = snapshotCatalog;
  const index = buildModelIndex(models);
  const ref = referenceIndex(models);
  const refHits = (t: string, exact: boolean) => {
    const known = index.has(t) || t.length < 4 || /\d/.test(t);
    const found = ref.search(t, { prefix: !exact && t.length >= 4 && !/^v\d/.test(t), fuzzy: exact || known ? false : 0.25 });
    return new Map(found.map((h) => [h.id as number, h.score]));
  };
  const same = (t: string, exact: boolean) => {
    const want = refHits(t, exact);
    const got = termHits(index, t, exact);
    expect(
      [...got.docs].sort((a, b) => a - b),
      `documents for "${t}"`,
    ).toEqual([...want.keys()].sort((a, b) => a - b));
    let worst = 0;
    got.docs.forEach((d, i) => {
      worst = Math.max(worst, Math.abs(got.scores[i]! - want.get(d)!) / Math.max(1, want.get(d)!));
    });
    expect(worst, `largest relative score difference for "${t}"`).toBeLessThan(1e-9);
  };

  it("has the same vocabulary", () => {
    expect(index.terms.length).toBeGreaterThan(1000);
    expect([...index.terms].sort()).toEqual([...(ref as unknown as { _index: { keys(): Iterable<string> } })._index.keys()].sort());
  });

  it("every word of the vocabulary, exactly and with its prefix matches", () => {
    for (const t of index.terms) {
      same(t, true);
      same(t, false);
    }
  });

  it("prefixes and misspellings the index does not hold (typo matches)", () => {
    // Derived from the vocabulary: a letter dropped, two swapped, one doubled, a stem cut short.
    const words = new Set<string>();
    index.terms.forEach((t, i) => {
      if (i % 3 || t.length < 4 || /\d/.test(t)) return;
      words.add(t.slice(0, 1) + t.slice(2));
      words.add(t.slice(0, 1) + t[2] + t[1] + t.slice(3));
      words.add(t + t.at(-1));
      words.add(t.slice(0, -1));
    });
    const unknown = [...words].filter((w) => !index.has(w));
    expect(unknown.length).toBeGreaterThan(500);
    for (const w of unknown) same(w, false);
  });
});

describe("bounded edit distance", () => {
  const levenshtein = (a: string, b: string) => {
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const cur = [i];
      for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1), prev[j]! + 1, cur[j - 1]! + 1);
      prev = cur;
    }
    return prev[b.length]!;
  };

  it("is Levenshtein's distance when within the ceiling, and undefined beyond it", () => {
    const word = fc.string({ unit: fc.constantFrom("a", "b", "c", "d"), maxLength: 12 });
    fc.assert(
      fc.property(word, word, fc.integer({ min: 0, max: 6 }), (a, b, max) => {
        const d = levenshtein(a, b);
        expect(boundedDistance(a, b, max)).toBe(d <= max ? d : undefined);
      }),
      { numRuns: 3000 },
    );
    // Longer than the reused rows start out.
    expect(boundedDistance("a".repeat(100), `${"a".repeat(99)}b`, 2)).toBe(1);
  });
});
