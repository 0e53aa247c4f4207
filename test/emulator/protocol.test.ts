/** The emulator's protocol edges: platform API, auth, bad input, faults with seeds, bounded state. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator/server.js";
import { prng } from "../../src/emulator/faults.js";
import { KEY } from "../helpers/processes.js";
import { validateResponse } from "../helpers/spec-validator.js";

let emu: Emulator;
const auth = { authorization: `Key ${KEY}` };
/** Every answer here is also checked against the vendored OpenAPI. */
async function call(method: string, path: string, init: { headers?: Record<string, string>; body?: unknown; raw?: string } = {}) {
  const res = await fetch(`${emu.url}${path}`, {
    method,
    headers: { ...(init.body !== undefined || init.raw ? { "content-type": "application/json" } : {}), ...init.headers },
    ...(init.raw !== undefined ? { body: init.raw } : init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await res.text();
  const body = text && res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text;
  if (res.headers.get("content-type")?.includes("json")) validateResponse(method, `${emu.url}${path}`, res.status, body);
  return { status: res.status, body, headers: res.headers };
}

beforeAll(async () => {
  emu = await startEmulator({ queueMs: 30, runMs: 60, maxBodyBytes: 64 * 1024 });
});
afterAll(() => emu.close());

describe("platform API /v1", () => {
  it("searches by text and category, pages with cursor/has_more, and looks up ids", async () => {
    const a = await call("GET", "/v1/models?q=flux&category=text-to-image&limit=5");
    expect(a.status).toBe(200);
    expect(a.body.models).toHaveLength(5);
    expect(a.body.models.every((m: { metadata: { category: string } }) => m.metadata.category === "text-to-image")).toBe(true);
    expect(a.body.has_more).toBe(true);
    const b = await call("GET", `/v1/models?q=flux&category=text-to-image&limit=5&cursor=${a.body.next_cursor}`);
    expect(b.body.models[0].endpoint_id).not.toBe(a.body.models[0].endpoint_id);
    const byId = await call("GET", "/v1/models?endpoint_id=fal-ai/flux/dev&endpoint_id=fal-ai/flux/schnell");
    expect(byId.body.models.map((m: { endpoint_id: string }) => m.endpoint_id)).toEqual(["fal-ai/flux/dev", "fal-ai/flux/schnell"]);
    const missing = await call("GET", "/v1/models?endpoint_id=nope/none");
    expect(missing.body.models).toEqual([]);
  });

  it("expands the per-model OpenAPI", async () => {
    const r = await call("GET", "/v1/models?endpoint_id=fal-ai/flux/dev&expand=openapi-3.0");
    expect(r.body.models[0].openapi.info["x-fal-metadata"].endpointId).toBe("fal-ai/flux/dev");
    expect(Object.keys(r.body.models[0].openapi.paths)).toContain("/fal-ai/flux/dev");
  });

  it("rejects bad parameters with fal's error envelope", async () => {
    for (const q of ["limit=0", "limit=1000", "status=gone", "cursor=!!"]) {
      const r = await call("GET", `/v1/models?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.body.error.type).toBe("validation_error");
    }
  });

  it("pricing needs a key, knows the snapshot price, 404s unknown ids", async () => {
    expect((await call("GET", "/v1/models/pricing?endpoint_id=fal-ai/flux/dev")).status).toBe(401);
    const p = await call("GET", "/v1/models/pricing?endpoint_id=fal-ai/flux/dev,fal-ai/kling-video/v2.1/pro/image-to-video", {
      headers: auth,
    });
    expect(p.body.prices).toEqual([
      { endpoint_id: "fal-ai/flux/dev", unit_price: 0.025, unit: "megapixels", currency: "USD" },
      { endpoint_id: "fal-ai/kling-video/v2.1/pro/image-to-video", unit_price: 0.09, unit: "seconds", currency: "USD" },
    ]);
    expect((await call("GET", "/v1/models/pricing?endpoint_id=nope/x", { headers: auth })).status).toBe(404);
  });

  it("estimates totals both ways", async () => {
    const u = await call("POST", "/v1/models/pricing/estimate", {
      headers: auth,
      body: { estimate_type: "unit_price", endpoints: { "fal-ai/flux/dev": { unit_quantity: 4 } } },
    });
    expect(u.body).toEqual({ estimate_type: "unit_price", total_cost: 0.1, currency: "USD" });
    const bad = await call("POST", "/v1/models/pricing/estimate", { headers: auth, body: { estimate_type: "guess", endpoints: {} } });
    expect(bad.status).toBe(400);
  });
});

describe("auth", () => {
  it("requires `Key id:secret` on the queue, with fal's 401 body", async () => {
    for (const h of [{}, { authorization: "Bearer x" }, { authorization: "Key nocolon" }]) {
      const r = await call("POST", "/queue/fal-ai/flux/dev", { headers: h, body: { prompt: "x" } });
      expect(r.status).toBe(401);
      expect(typeof r.body.detail).toBe("string");
    }
  });

  it("FAL_EMULATOR_KEYS restricts the keys", async () => {
    const only = await startEmulator({ keys: ["good:one"] });
    try {
      const post = (k: string) =>
        fetch(`${only.url}/queue/fal-ai/flux/dev`, {
          method: "POST",
          headers: { authorization: `Key ${k}`, "content-type": "application/json" },
          body: '{"prompt":"x"}',
        });
      expect((await post("good:one")).status).toBe(200);
      expect((await post("other:key")).status).toBe(401);
    } finally {
      await only.close();
    }
  });
});

describe("bad input gets fal's status and body, never a crash", () => {
  it("malformed JSON → 422 json_invalid", async () => {
    const r = await call("POST", "/queue/fal-ai/flux/dev", { headers: auth, raw: "{ nope" });
    expect(r.status).toBe(422);
    expect(r.body.detail[0].type).toBe("json_invalid");
  });
  it("unknown endpoint → 404", async () => {
    expect((await call("POST", "/queue/fal-ai/does-not-exist", { headers: auth, body: {} })).status).toBe(404);
    expect((await call("POST", "/run/nobody/nothing", { headers: auth, body: {} })).status).toBe(404);
  });
  it("oversized body → 413", async () => {
    const r = await call("POST", "/queue/fal-ai/flux/dev", { headers: auth, body: { prompt: "x".repeat(100_000) } });
    expect(r.status).toBe(413);
  });
  it("unknown request id → 404 NOT_FOUND on status, result and cancel", async () => {
    for (const [m, p] of [
      ["GET", "/status"],
      ["GET", ""],
      ["PUT", "/cancel"],
    ] as const) {
      const r = await call(m, `/queue/fal-ai/flux/requests/00000000-0000-0000-0000-000000000000${p}`, { headers: auth });
      expect(r.status).toBe(404);
      expect(r.body).toEqual({ status: "NOT_FOUND" });
    }
  });
  it("result before completion → 400 in progress; long-form URLs also answer", async () => {
    const s = await call("POST", "/queue/fal-ai/flux/dev", { headers: { ...auth, "x-emulator-queue-ms": "2000" }, body: { prompt: "x" } });
    expect((await call("GET", `/queue/fal-ai/flux/requests/${s.body.request_id}`, { headers: auth })).status).toBe(400);
    const long = await call("GET", `/queue/fal-ai/flux/dev/requests/${s.body.request_id}/status`, { headers: auth });
    expect(long.status).toBe(202);
    expect(long.body.queue_position).toBe(0);
    expect((await call("GET", `/queue/fal-ai/other/requests/${s.body.request_id}/status`, { headers: auth })).status).toBe(404);
  });
  it("a raw garbage request line is answered 400, and the server keeps serving", async () => {
    const net = await import("node:net");
    const u = new URL(emu.url);
    const reply = await new Promise<string>((resolve) => {
      const sock = net.connect(Number(u.port), u.hostname, () => sock.write("GARBAGE\r\n\r\n"));
      let d = "";
      sock.on("data", (c) => (d += c));
      sock.on("close", () => resolve(d));
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    expect((await call("GET", "/v1/models?limit=1")).status).toBe(200);
  });
});

describe("queue positions and SSE", () => {
  it("counts jobs ahead of one another for the same app", async () => {
    const h = { ...auth, "x-emulator-queue-ms": "1000" };
    const first = await call("POST", "/queue/fal-ai/flux/schnell", { headers: h, body: { prompt: "a" } });
    const second = await call("POST", "/queue/fal-ai/flux/schnell", { headers: h, body: { prompt: "b" } });
    expect(second.body.queue_position).toBe(first.body.queue_position + 1);
  });
  it("streams each change as an SSE data event, ending at COMPLETED", async () => {
    const s = await call("POST", "/queue/fal-ai/flux/dev", { headers: auth, body: { prompt: "x" } });
    const res = await fetch(`${emu.url}/queue/fal-ai/flux/requests/${s.body.request_id}/status/stream?logs=1`, { headers: auth });
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const events = (await res.text())
      .split("\n\n")
      .filter(Boolean)
      .map((e) => JSON.parse(e.replace(/^data: /, "")));
    expect(events.at(-1).status).toBe("COMPLETED");
    for (const e of events) validateResponse("GET", `${emu.url}/queue/fal-ai/flux/requests/x/status`, 200, e);
  });
});

describe("faults", () => {
  it("the same seed gives the same faults", () => {
    const a = prng(42),
      b = prng(42);
    expect(Array.from({ length: 5 }, a)).toEqual(Array.from({ length: 5 }, b));
  });
  it("injects 5xx, 429 with Retry-After, resets and slow responses by header", async () => {
    const h = (f: string) => ({ ...auth, "x-emulator-fault": f });
    const five = await call("GET", "/v1/models?limit=1", { headers: h("5xx") });
    expect(five.status).toBe(500);
    expect(five.body.error.type).toBe("server_error");
    const queued = await call("GET", "/queue/fal-ai/flux/requests/x/status", { headers: h("5xx") });
    expect(queued.status).toBe(503);
    expect(queued.body.error_type).toBe("runner_scheduling_failure");
    const rl = await call("GET", "/v1/models?limit=1", { headers: h("429") });
    expect(rl.status).toBe(429);
    expect(rl.headers.get("retry-after")).toBe("1");
    await expect(fetch(`${emu.url}/v1/models?limit=1`, { headers: h("reset") })).rejects.toThrow();
    const stall = await call("POST", "/queue/fal-ai/flux/dev", { headers: h("stall"), body: { prompt: "x" } });
    await new Promise((r) => setTimeout(r, 200));
    expect((await call("GET", `/queue/fal-ai/flux/requests/${stall.body.request_id}/status`, { headers: auth })).body.status).toBe(
      "IN_PROGRESS",
    );
  });
  it("a seeded fault rate injects about that share of faults, repeatably", async () => {
    const run = async () => {
      const e = await startEmulator({ faults: { rate: 0.3, kinds: ["5xx", "429"], seed: 7 } });
      const statuses: number[] = [];
      for (let i = 0; i < 60; i++) statuses.push((await fetch(`${e.url}/v1/models?limit=1`)).status);
      await e.close();
      return statuses;
    };
    const a = await run();
    expect(a).toEqual(await run());
    const faulted = a.filter((s) => s !== 200).length;
    expect(faulted).toBeGreaterThan(6);
    expect(faulted).toBeLessThan(30);
  });
});

describe("bounded memory", () => {
  it("caps jobs and expires them by TTL", async () => {
    const small = await startEmulator({ maxJobs: 50, ttlMs: 300, queueMs: 0, runMs: 0 });
    try {
      for (let i = 0; i < 400; i++)
        await fetch(`${small.url}/queue/fal-ai/flux/dev`, {
          method: "POST",
          headers: { ...auth, "content-type": "application/json" },
          body: '{"prompt":"x"}',
        });
      expect(small.stats().jobs).toBeLessThanOrEqual(50);
      expect(small.stats().evictedJobs).toBeGreaterThanOrEqual(350);
      await new Promise((r) => setTimeout(r, 400));
      await fetch(`${small.url}/queue/fal-ai/flux/dev`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: '{"prompt":"x"}',
      });
      expect(small.stats().jobs).toBe(1);
    } finally {
      await small.close();
    }
  });
});
