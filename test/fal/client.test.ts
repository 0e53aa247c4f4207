/** The typed fal client (fal-mcp/client) against the emulator: the only difference from fal is the base URLs. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createFalClient,
  urlsFromEnv,
  FalAuthError,
  FalNotFoundError,
  FalRateLimitError,
  FalUpstreamError,
  FalValidationError,
  parseEndpointId,
  appRoot,
} from "../../src/fal/index.js";
import { startEmulator, emulatorUrls, type Emulator } from "../../src/emulator/server.js";
import { KEY } from "../helpers/processes.js";

let emu: Emulator;
let fal: ReturnType<typeof createFalClient>;
beforeAll(async () => {
  emu = await startEmulator({ queueMs: 20, runMs: 40 });
  fal = createFalClient({ key: KEY, urls: emulatorUrls(emu.url), retry: { retries: 3, baseMs: 10, maxMs: 1500 } });
});
afterAll(() => emu.close());

describe("endpoint ids", () => {
  it.each([
    ["fal-ai/flux/dev", { owner: "fal-ai", alias: "flux", path: "dev" }, "fal-ai/flux"],
    [
      "fal-ai/kling-video/v2.1/pro/image-to-video",
      { owner: "fal-ai", alias: "kling-video", path: "v2.1/pro/image-to-video" },
      "fal-ai/kling-video",
    ],
    ["workflows/me/my-flow", { namespace: "workflows", owner: "me", alias: "my-flow" }, "workflows/me/my-flow"],
    ["123-myapp", { owner: "123", alias: "myapp" }, "123/myapp"],
  ])("%s", (id, parts, root) => {
    expect(parseEndpointId(id)).toEqual(parts);
    expect(appRoot(id)).toBe(root);
  });
  it("rejects a one-segment id with a sentence", () => expect(() => parseEndpointId("flux")).toThrow(/not a fal endpoint id/));
});

describe("config", () => {
  it("reads FAL_*_URL and defaults to fal's hosts", () => {
    expect(urlsFromEnv({})).toEqual({
      api: "https://api.fal.ai/v1",
      queue: "https://queue.fal.run",
      run: "https://fal.run",
      rest: "https://rest.fal.ai",
    });
    expect(urlsFromEnv({ FAL_QUEUE_URL: "http://127.0.0.1:1/queue" }).queue).toBe("http://127.0.0.1:1/queue");
  });
});

describe("typed client over the emulator", () => {
  it("submit → status → stream → result", async () => {
    const s = await fal.submit("fal-ai/flux/dev", { prompt: "a lake", num_images: 2 });
    expect(s.status).toBe("IN_QUEUE");
    const seen: string[] = [];
    for await (const st of fal.streamStatus("fal-ai/flux/dev", s.request_id, { logs: true })) seen.push(st.status);
    expect(seen.at(-1)).toBe("COMPLETED");
    expect((await fal.status("fal-ai/flux/dev", s.request_id)).status).toBe("COMPLETED");
    const out = await fal.result("fal-ai/flux/dev", s.request_id);
    expect(out.images[0]!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/files\/sample\/image\.png$/);
  });

  it("run, cancel, search, pricing, upload", async () => {
    expect(Object.keys(await fal.run("fal-ai/flux/dev", { prompt: "x" }))).toContain("images");
    const q = await fal.submit("fal-ai/flux/dev", { prompt: "x" }, { headers: { "x-emulator-queue-ms": "5000" } });
    expect(await fal.cancel("fal-ai/flux/dev", q.request_id)).toEqual({ status: "OK" });
    expect(await fal.cancel("fal-ai/flux/dev", q.request_id)).toEqual({ status: "ALREADY_COMPLETED" });
    const found = await fal.searchModels({ q: "kling", category: "image-to-video", limit: 3 });
    expect(found.models).toHaveLength(3);
    const prices = await fal.pricing(["fal-ai/flux/dev"]);
    expect(prices.prices[0]?.unit_price).toBe(0.025);
    const url = await fal.upload(new Uint8Array([1, 2, 3]), { contentType: "text/plain", fileName: "a.txt" });
    expect(Buffer.from(await (await fetch(url)).arrayBuffer())).toEqual(Buffer.from([1, 2, 3]));
  });

  it("maps fal errors to classes that keep status and body", async () => {
    // biome-ignore lint/suspicious/noExplicitAny: a number where the typed input wants a string, to get fal's 422
    const v = await fal.submit("fal-ai/flux/dev", { prompt: 5 } as any).catch((e) => e);
    expect(v).toBeInstanceOf(FalValidationError);
    expect(v.fieldErrors[0]).toMatchObject({ loc: ["body", "prompt"] });
    expect(await fal.status("fal-ai/flux/dev", "nope").catch((e) => e)).toBeInstanceOf(FalNotFoundError);
    const anon = createFalClient({ urls: emulatorUrls(emu.url) });
    const a = await anon.submit("fal-ai/flux/dev", { prompt: "x" }).catch((e) => e);
    expect(a).toBeInstanceOf(FalAuthError);
    expect(a.status).toBe(401);
    expect(String(a.message) + JSON.stringify(a.body)).not.toContain(KEY);
  });

  it("retries idempotent calls on 429 (honouring Retry-After) but never a submit", async () => {
    let calls = 0;
    const counting = createFalClient({
      key: KEY,
      urls: emulatorUrls(emu.url),
      retry: { retries: 2, baseMs: 5, maxMs: 2000 },
      fetch: async (req: Parameters<typeof fetch>[0]) => {
        calls++;
        const r = new Request(req);
        const h = new Headers(r.headers);
        if (calls === 1) h.set("x-emulator-fault", "429");
        return fetch(new Request(r, { headers: h }));
      },
    });
    const t0 = Date.now();
    const found = await counting.searchModels({ limit: 1 });
    expect(found.models).toHaveLength(1);
    expect(calls).toBe(2);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900); // Retry-After: 1
    calls = 0;
    const sub = await counting.submit("fal-ai/flux/dev", { prompt: "x" }).catch((e) => e);
    expect(sub).toBeInstanceOf(FalRateLimitError);
    expect(sub.retryAfterSeconds).toBe(1);
    expect(calls).toBe(1);
  });

  it("a connection failure is an upstream error naming the host, not the key", async () => {
    const dead = createFalClient({ key: KEY, urls: { api: "http://127.0.0.1:9/v1" }, retry: { retries: 0, baseMs: 1, maxMs: 1 } });
    const e = await dead.searchModels({}).catch((x) => x);
    expect(e).toBeInstanceOf(FalUpstreamError);
    expect(e.message).toMatch(/127\.0\.0\.1:9/);
    expect(e.message).not.toContain(KEY);
  });
});
