/** A mistyped endpoint id is answered with the id it was meant to be, whichever id and whichever typo. */
import { expect, it } from "vitest";
import { current, suggestEndpoints } from "../../src/catalog/search.js";
import { rng } from "../helpers/seeded.js";

it("suggests the meant id for one-letter typos of 400 catalog ids (substituted, dropped or doubled)", () => {
  const random = rng(2026);
  const ids = current().models.map((m) => m.endpoint_id);
  const letters = "abcdefghijklmnopqrstuvwxyz0123456789-";
  let tried = 0;
  const missed: string[] = [];
  while (tried < 400) {
    const id = ids[Math.floor(random() * ids.length)]!;
    const at = Math.floor(random() * id.length);
    const kind = Math.floor(random() * 3);
    const typo =
      kind === 0
        ? id.slice(0, at) + letters[Math.floor(random() * letters.length)] + id.slice(at + 1)
        : kind === 1
          ? id.slice(0, at) + id.slice(at + 1)
          : id.slice(0, at) + id[at] + id.slice(at);
    if (current().byId.has(typo)) continue; // the typo is another real id: nothing to suggest
    tried++;
    if (!suggestEndpoints(typo).includes(id)) missed.push(`${typo} (meant ${id}): ${suggestEndpoints(typo).join(", ")}`);
  }
  // A typo can sit one edit from several ids (v1.5 / v1.6 ...); the meant one must still be among three.
  expect(missed.length, missed.join("\n")).toBeLessThanOrEqual(4); // 0 today; the word search alone missed 71
});

it("suggests ids a cut-short id begins (cut by 1–8 characters), for 300 catalog ids", () => {
  const random = rng(27);
  const ids = current().models.map((m) => m.endpoint_id);
  let tried = 0;
  const missed: string[] = [];
  while (tried < 300) {
    const id = ids[Math.floor(random() * ids.length)]!;
    const cut = id.slice(0, id.length - 1 - Math.floor(random() * 8));
    if (cut.length < 8 || current().byId.has(cut)) continue;
    tried++;
    const s = suggestEndpoints(cut);
    // The meant id, or (when more ids begin the same way than are shown) only ids that begin so.
    if (!s.includes(id) && !s.every((x) => x.startsWith(cut))) missed.push(`${cut} (meant ${id}): ${s.join(", ")}`);
  }
  expect(missed.length, missed.join("\n")).toBeLessThanOrEqual(3); // 0 today; without the prefix rule, 63
});
