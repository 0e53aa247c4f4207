/**
 * /metrics reports the server's own peak RSS (issue 13's "server peak RSS ≤ 300 MB" is read from it).
 * getrusage's maxRSS, which it reported before, survives exec on Linux: a process started by a large one
 * counted its parent's size at the fork as its own peak (the full bench process made a ~230 MB peak read
 * 283-311 MB). Here a process holding 400 MB starts the real CLI, and the idle server's figure must be
 * its own (~60 MB), matching the VmHWM the kernel shows for it from outside.
 */
import { existsSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCli, type Proc } from "../helpers/processes.js";

const hwmOf = (pid: number) => Number(/^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) * 1024;
const BALLAST = 400e6;

describe.skipIf(!existsSync("/proc/self/status"))("peak RSS in /metrics (Linux: needs /proc)", () => {
  let srv: Proc;
  let ballast: Buffer | undefined;
  beforeAll(async () => {
    // Filled, so every page is resident in this process when the server is started (forked from it).
    ballast = Buffer.alloc(BALLAST, 1);
    expect(process.memoryUsage.rss()).toBeGreaterThan(BALLAST);
    srv = await startCli(["serve", "--port", "0", "--no-live"], { FAL_MCP_METRICS: "1" });
  });
  afterAll(async () => {
    ballast = undefined;
    await srv?.stop();
  });

  it("is the server's own high-water mark, not that of the process that started it", async () => {
    const m = (await (await fetch(srv.url.replace("/mcp", "/metrics"))).json()) as { rss: number; maxRss: number };
    const outside = hwmOf(srv.child.pid!);
    expect(ballast!.length).toBe(BALLAST);
    // A peak is at least the current size, and far below the 400 MB its parent held.
    expect(m.maxRss).toBeGreaterThanOrEqual(m.rss);
    expect(m.maxRss).toBeLessThan(BALLAST / 2);
    // The kernel's figure read from outside a moment later: the same mark (it can only have grown since).
    expect(outside).toBeGreaterThanOrEqual(m.maxRss);
    expect(outside - m.maxRss).toBeLessThan(20e6);
  });
});
