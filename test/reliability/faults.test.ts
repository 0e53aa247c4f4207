/** Under injected faults (5xx, 429, resets, stalls at 10 %): no crash, no lost request_id, errors are sentences. */
import { expect, it } from "vitest";
import { KEY } from "../helpers/processes.js";
import { faultRun } from "./load.js";

it("survives 2,000 calls at concurrency 20 with 10 % injected faults", async () => {
  const r = await faultRun({ calls: 2000, concurrency: 20, rate: 0.1, seed: 42, key: KEY });
  const injected = Object.values(r.faults).reduce((a, b) => a + b, 0);
  console.log(
    `faults: ${r.calls} calls in ${r.seconds.toFixed(1)} s, ${injected} faults injected (${JSON.stringify(r.faults)}), ${r.ok} ok, ${r.isError} isError, ${r.protocolErrors} protocol errors, ${r.submitted} jobs submitted, ${r.lostIds.length} lost ids, ${r.unhandled} unhandled rejections`,
  );
  expect(injected).toBeGreaterThan(50);
  expect(r.protocolErrors).toBe(0);
  expect(r.unhandled).toBe(0);
  expect(r.lostIds).toEqual([]);
  expect(r.submitted).toBeGreaterThan(300);
  expect(r.healthyAfter).toBe(true);
  expect(r.ok + r.isError).toBe(r.calls);
}, 180_000);
