/**
 * Issue 16, finding 2, end to end: huge inputs arrive at a `fal-mcp serve --emulator` process while a
 * small call runs in a loop. Every call is answered; each huge input gets a sentence naming its bound.
 * Latency and RSS are printed, not asserted (shared machine): `npm run bench` reports them.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { KEY, startCli, type Proc } from "../helpers/processes.js";
import { hugeInputsRun } from "./huge-inputs.js";

let srv: Proc;
beforeAll(async () => {
  srv = await startCli(["serve", "--port", "0", "--emulator", "--no-live"], { FAL_MCP_METRICS: "1" });
}, 60_000);
afterAll(() => srv?.stop());

it("answers small calls throughout and refuses each huge input with its bound", async () => {
  const r = await hugeInputsRun(srv.url, KEY, 1);
  console.log(
    `huge inputs: ${r.smallCalls} small calls, worst ${r.worstSmallMs} ms, p50 ${r.p50SmallMs} ms, server event-loop stall max ${r.serverLoopMaxMs} ms; RSS ${r.rssBeforeMb} MB before, peak ${r.peakRssMb} MB (shared machine)`,
  );
  expect(r.smallCalls).toBeGreaterThan(0);
  expect(r.smallFailures).toBe(0);
  const by = (k: string) => r.huge.find((h) => h.kind.startsWith(k))!;
  expect(by("submit_job, loras of 5 million").status).toBe(400);
  expect(by("submit_job, loras of 5 million").text).toMatch(/more than 100000 JSON values/);
  expect(by("run_model, 6,000 loras").text).toMatch(/input\.loras has 6000 items; this server accepts at most 5000/);
  expect(by("run_model, 200 levels deep").text).toMatch(/nested more than 32 levels deep/);
  expect(by("submit_job, a 12 MB string").text).toMatch(/over 10485760 characters as JSON/);
  expect(by("upload_file, 15.5 MB").text).toMatch(/inline uploads are limited to 10485760 bytes/);
  expect(srv.child.exitCode).toBeNull();
}, 180_000);
