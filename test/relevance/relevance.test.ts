/** Discovery quality on the relevance set (figures printed; latency lives in `npm run bench`). */
import { expect, it } from "vitest";
import { evaluateRelevance } from "./evaluate.js";
import { RELEVANCE } from "./set.js";

it("finds an acceptable model in the top 3 for at least 90 % of the relevance set", async () => {
  expect(RELEVANCE.length).toBeGreaterThanOrEqual(40);
  const r = await evaluateRelevance();
  console.log(`relevance: ${r.cases} cases, top-1 ${(r.top1 * 100).toFixed(1)} %, top-3 ${(r.top3 * 100).toFixed(1)} %`);
  for (const m of r.misses) console.log(`  miss: ${m}`);
  expect(r.top3).toBeGreaterThanOrEqual(0.9);
});
