/**
 * The fal client's raw path (node-fetch's RAW_REQUEST hook: no web Headers/Response per call) answers
 * exactly as the web-fetch path does: the same results, the same error classes and sentences, the same
 * deadline and cancellation, and never the key in a message. Both paths talk to the same emulator.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { nodeFetch, RAW_REQUEST } from "../../src/fal/node-fetch.js";
import { createFalClient } from "../../src/fal/client.js";
import { FalAuthError, FalRateLimitError, FalUpstreamError } from "../../src/fal/errors.js";
import { startEmulator, emulatorUrls, type Emulator } from "../../src/emulator/server.js";
import { KEY } from "../helpers/processes.js";

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ queueMs: 10, runMs: 30, keys: [KEY], faults: { slowMs: 2_000 } });
});
afterAll(() => emu.close());

const noRetry = { retries: 0, baseMs: 1, maxMs: 1 };
const clients = (key: string, extra: { timeoutMs?: number } = {}) => ({
  raw: createFalClient({ key, urls: emulatorUrls(emu.url), fetch: nodeFetch, retry: noRetry, ...extra }),
  web: createFalClient({ key, urls: emulatorUrls(emu.url), fetch: globalThis.fetch, retry: noRetry, ...extra }),
});

it("is the path the server's fetch takes (the hook is on nodeFetch itself)", () => {
  expect(typeof (nodeFetch as unknown as Record<symbol, unknown>)[RAW_REQUEST]).toBe("function");
});

it("submit, status, result and run answer as through web fetch", async () => {
  const { raw, web } = clients(KEY);
  const [a, b] = await Promise.all([
    raw.submit("fal-ai/flux/dev", { prompt: "a lake" }),
    web.submit("fal-ai/flux/dev", { prompt: "a lake" }),
  ]);
  expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
  expect(a.status).toBe("IN_QUEUE");
  expect(a.status_url?.replace(a.request_id, "ID")).toBe(b.status_url?.replace(b.request_id, "ID"));
  await new Promise((r) => setTimeout(r, 120));
  const [sa, sb] = await Promise.all([
    raw.status("fal-ai/flux/dev", a.request_id, { logs: true }),
    web.status("fal-ai/flux/dev", b.request_id, { logs: true }),
  ]);
  expect(sa.status).toBe("COMPLETED");
  expect(Object.keys(sa).sort()).toEqual(Object.keys(sb).sort());
  const [ra, rb] = await Promise.all([raw.result("fal-ai/flux/dev", a.request_id), web.result("fal-ai/flux/dev", b.request_id)]);
  expect(ra.images).toHaveLength(1);
  expect(Object.keys(ra).sort()).toEqual(Object.keys(rb).sort());
  const run = await raw.run("fal-ai/flux/dev", { prompt: "a lake" });
  expect(run.images).toHaveLength(1);
});

it("maps fal's refusals to the same error classes and sentences, with fal's headers (request id, Retry-After)", async () => {
  const bad = clients("wrong-id:wrong-secret");
  const [ea, eb] = await Promise.all([
    bad.raw.submit("fal-ai/flux/dev", { prompt: "x" }).catch((e) => e),
    bad.web.submit("fal-ai/flux/dev", { prompt: "x" }).catch((e) => e),
  ]);
  expect(ea).toBeInstanceOf(FalAuthError);
  expect(ea.constructor).toBe(eb.constructor);
  expect(ea.status).toBe(eb.status);
  expect(ea.message).toBe(eb.message);
  expect(String(ea.message) + JSON.stringify(ea.body)).not.toContain("wrong-secret");

  const { raw, web } = clients(KEY);
  const limited = { headers: { "x-emulator-fault": "429" } };
  const [la, lb] = await Promise.all([
    raw.submit("fal-ai/flux/dev", { prompt: "x" }, limited).catch((e) => e),
    web.submit("fal-ai/flux/dev", { prompt: "x" }, limited).catch((e) => e),
  ]);
  expect(la).toBeInstanceOf(FalRateLimitError);
  expect(la.retryAfterSeconds).toBe(1);
  expect(la.retryAfterSeconds).toBe(lb.retryAfterSeconds);
  expect(la.message).toBe(lb.message);
  const [ma, mb] = await Promise.all([
    raw.result("fal-ai/flux/dev", "no-such-request").catch((e) => e),
    web.result("fal-ai/flux/dev", "no-such-request").catch((e) => e),
  ]);
  expect(ma.constructor).toBe(mb.constructor);
  expect(ma.status).toBe(mb.status);
  expect(ma.requestId).toBe(mb.requestId);
});

it("keeps the deadline and the caller's cancellation, and names the host (never the key) when fal is unreachable", async () => {
  const slow = { headers: { "x-emulator-fault": "slow" } };
  const { raw, web } = clients(KEY, { timeoutMs: 150 });
  const [ta, tb] = await Promise.all([
    raw.submit("fal-ai/flux/dev", { prompt: "x" }, slow).catch((e) => e),
    web.submit("fal-ai/flux/dev", { prompt: "x" }, slow).catch((e) => e),
  ]);
  expect(ta).toBeInstanceOf(FalUpstreamError);
  expect(ta.message).toBe(tb.message);
  expect(ta.message).toMatch(/timed out after 150 ms/);

  const ac = new AbortController();
  const pending = clients(KEY).raw.status("fal-ai/flux/dev", "whatever", { ...slow, signal: ac.signal });
  ac.abort(new Error("the caller left"));
  await expect(pending).rejects.toThrow("the caller left");

  // A loopback port nothing listens on (found by binding and releasing it).
  const { createServer } = await import("node:net");
  const port = await new Promise<number>((r) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => r(p));
    });
  });
  const urls = { queue: `http://127.0.0.1:${port}/queue`, run: `http://127.0.0.1:${port}/run` };
  const down = createFalClient({ key: KEY, urls, fetch: nodeFetch, retry: noRetry });
  const downWeb = createFalClient({ key: KEY, urls, fetch: globalThis.fetch, retry: noRetry });
  const [da, db] = await Promise.all([
    down.submit("fal-ai/flux/dev", { prompt: "x" }).catch((e) => e),
    downWeb.submit("fal-ai/flux/dev", { prompt: "x" }).catch((e) => e),
  ]);
  expect(da).toBeInstanceOf(FalUpstreamError);
  expect(da.message).toBe(`request to 127.0.0.1:${port} failed (ECONNREFUSED)`);
  expect(da.message).toBe(db.message);
  expect(da.message).not.toContain(KEY);
});

it("streams status events as web fetch does, and the caller's signal ends a stream that was handed over", async () => {
  const { raw, web } = clients(KEY);
  const [a, b] = await Promise.all([raw.submit("fal-ai/flux/dev", { prompt: "x" }), web.submit("fal-ai/flux/dev", { prompt: "x" })]);
  const seen = async (fal: typeof raw, id: string) => {
    const out: string[] = [];
    for await (const st of fal.streamStatus("fal-ai/flux/dev", id, { logs: true })) out.push(st.status);
    return out;
  };
  const [sa, sb] = await Promise.all([seen(raw, a.request_id), seen(web, b.request_id)]);
  expect(sa.at(-1)).toBe("COMPLETED");
  expect(sb.at(-1)).toBe("COMPLETED");
  for (const st of [...sa, ...sb]) expect(["IN_QUEUE", "IN_PROGRESS", "COMPLETED"]).toContain(st);
  const bad = await raw
    .streamStatus("fal-ai/flux/dev", "no-such-request")
    .next()
    .catch((e) => e);
  const badWeb = await web
    .streamStatus("fal-ai/flux/dev", "no-such-request")
    .next()
    .catch((e) => e);
  expect(bad.constructor).toBe(badWeb.constructor);
  expect(bad.status).toBe(badWeb.status);

  // A stalled job streams IN_PROGRESS forever: aborting mid-stream ends the loop with the caller's reason.
  const stalled = await raw.submit("fal-ai/flux/dev", { prompt: "x" }, { headers: { "x-emulator-fault": "stall" } });
  const ac = new AbortController();
  const loop = (async () => {
    for await (const st of raw.streamStatus("fal-ai/flux/dev", stalled.request_id, { signal: ac.signal }))
      if (st.status === "IN_PROGRESS") ac.abort(new Error("the caller left"));
  })();
  await expect(loop).rejects.toThrow("the caller left");
  expect(emu.stats().openStreams).toBeLessThanOrEqual(1);
});
