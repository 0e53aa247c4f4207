/**
 * Discovery quality on the task set (figures printed; latency lives in `npm run bench`). Targets are on the
 * held-out part, which is scored but never tuned on: its failures are deliberately not printed.
 */
import { expect, it } from "vitest";
import { evaluateRelevance, pct } from "./evaluate.js";
import { HELD_OUT, TUNING } from "./split.js";

it("the held-out tasks find an acceptable model in the top 3 (recommend ≥ 90 %, search ≥ 80 %)", async () => {
  expect(TUNING.length + HELD_OUT.length).toBeGreaterThanOrEqual(150);
  expect(HELD_OUT.length).toBeGreaterThanOrEqual(50);
  const r = await evaluateRelevance();
  for (const [part, s] of Object.entries(r))
    for (const [tool, x] of Object.entries(s))
      console.log(`relevance ${part} ${tool}: ${x.tasks} tasks, top-1 ${pct(x.top1)}, top-3 ${pct(x.top3)}`);
  for (const m of [...r.tuning.recommend.misses, ...r.tuning.search.misses]) console.log(`  tuning miss: ${m}`);
  expect(r.heldOut.recommend.top3).toBeGreaterThanOrEqual(0.9);
  expect(r.heldOut.search.top3).toBeGreaterThanOrEqual(0.8);
});
