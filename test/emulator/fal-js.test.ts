/**
 * fal's own JavaScript client is the judge: every call it makes goes to the emulator process, changing
 * nothing but base URLs (its requestMiddleware), and every JSON response is checked against the
 * vendored OpenAPI; every model output against the model's generated output schema.
 */
import { createFalClient, ApiError, ValidationError } from "@fal-ai/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadModel } from "../../src/catalog/models.js";
import { startCli, KEY, type Proc } from "../helpers/processes.js";
import { validatingFetch, type Checked } from "../helpers/spec-validator.js";

let emu: Proc;
let fal: ReturnType<typeof createFalClient>;
const seen: Checked[] = [];

beforeAll(async () => {
  emu = await startCli(["emulator", "--port", "0", "--queue-ms", "60", "--run-ms", "150"]);
  const hosts: [string, string][] = [
    ["https://queue.fal.run", `${emu.url}/queue`],
    ["https://fal.run", `${emu.url}/run`],
    ["https://rest.fal.ai", `${emu.url}/rest`],
  ];
  fal = createFalClient({
    credentials: KEY,
    fetch: validatingFetch(seen),
    requestMiddleware: async (r) => {
      for (const [from, to] of hosts) if (r.url.startsWith(from)) return { ...r, url: to + r.url.slice(from.length) };
      return r;
    },
  });
});
afterAll(async () => {
  await emu?.stop();
});

const outputOk = async (id: string, data: unknown) => {
  const r = (await loadModel(id))!.output.safeParse(data);
  expect(r.success, JSON.stringify(r.error?.issues)).toBe(true);
};

describe("@fal-ai/client against the emulator", () => {
  it("queue.submit → status (with logs) → result, with the owner/alias URL rule", async () => {
    const s = await fal.queue.submit("fal-ai/flux/dev", { input: { prompt: "a lake" } });
    expect(s.status).toBe("IN_QUEUE");
    expect(s.status_url).toBe(`${emu.url}/queue/fal-ai/flux/requests/${s.request_id}/status`);
    expect(s.response_url).toBe(`${emu.url}/queue/fal-ai/flux/requests/${s.request_id}`);
    const st = await fal.queue.status("fal-ai/flux/dev", { requestId: s.request_id, logs: true });
    expect(["IN_QUEUE", "IN_PROGRESS"]).toContain(st.status);
    await new Promise((r) => setTimeout(r, 300));
    const done = await fal.queue.status("fal-ai/flux/dev", { requestId: s.request_id, logs: true });
    expect(done.status).toBe("COMPLETED");
    expect("logs" in done ? done.logs.length : 0).toBeGreaterThan(0);
    const res = await fal.queue.result("fal-ai/flux/dev", { requestId: s.request_id });
    expect(res.requestId).toBe(s.request_id);
    await outputOk("fal-ai/flux/dev", res.data);
    const img = await fetch((res.data as { images: { url: string }[] }).images[0]!.url);
    expect(img.headers.get("content-type")).toBe("image/png");
    expect([...new Uint8Array(await img.arrayBuffer()).slice(1, 4)]).toEqual([80, 78, 71]);
  });

  it("queue.streamStatus yields IN_QUEUE/IN_PROGRESS then COMPLETED and closes", async () => {
    const s = await fal.queue.submit("fal-ai/flux/dev", { input: { prompt: "x" } });
    const stream = await fal.queue.streamStatus("fal-ai/flux/dev", { requestId: s.request_id, logs: true });
    const statuses: string[] = [];
    for await (const ev of stream) statuses.push(ev.status);
    expect(statuses.at(-1)).toBe("COMPLETED");
    expect(statuses).toContain("IN_PROGRESS");
  });

  it("subscribe (polling and streaming modes) returns the output", async () => {
    const updates: string[] = [];
    const r = await fal.subscribe("fal-ai/kling-video/v2.1/pro/image-to-video", {
      input: { prompt: "waves", image_url: "https://example.com/a.png" },
      logs: true,
      pollInterval: 50,
      onQueueUpdate: (u) => updates.push(u.status),
    });
    expect(updates).toContain("COMPLETED");
    await outputOk("fal-ai/kling-video/v2.1/pro/image-to-video", r.data);
    const v = await fetch((r.data as { video: { url: string } }).video.url);
    expect(v.headers.get("content-type")).toBe("video/mp4");
    const streamed = await fal.subscribe("fal-ai/flux/dev", { input: { prompt: "y" }, mode: "streaming" });
    await outputOk("fal-ai/flux/dev", streamed.data);
  });

  it("run (fal.run, synchronous)", async () => {
    const r = await fal.run("fal-ai/playai/tts/v3", { input: { input: "hello", voice: "Jennifer (English (US)/American)" } });
    await outputOk("fal-ai/playai/tts/v3", r.data);
    expect((await fetch((r.data as { audio: { url: string } }).audio.url)).headers.get("content-type")).toBe("audio/wav");
  });

  it("queue.cancel: accepted while queued or running, refused once completed", async () => {
    const q = await fal.queue.submit("fal-ai/flux/dev", { input: { prompt: "x" }, headers: { "x-emulator-queue-ms": "5000" } });
    await fal.queue.cancel("fal-ai/flux/dev", { requestId: q.request_id });
    const after = await fal.queue.status("fal-ai/flux/dev", { requestId: q.request_id });
    expect(after.status).toBe("COMPLETED");
    await expect(fal.queue.result("fal-ai/flux/dev", { requestId: q.request_id })).rejects.toMatchObject({ status: 499 });
    const done = await fal.queue.submit("fal-ai/flux/dev", { input: { prompt: "x" } });
    await new Promise((r) => setTimeout(r, 300));
    await expect(fal.queue.cancel("fal-ai/flux/dev", { requestId: done.request_id })).rejects.toMatchObject({
      status: 400,
      body: { status: "ALREADY_COMPLETED" },
    });
  });

  it("invalid input: fal's 422 with detail[] (loc, msg, type) as a ValidationError", async () => {
    // biome-ignore lint/suspicious/noExplicitAny: an input without its required prompt and out of range, to get fal's 422
    const e = await fal.queue.submit("fal-ai/flux/dev", { input: { num_images: 9 } as any }).catch((x) => x);
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.status).toBe(422);
    expect(e.fieldErrors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ loc: ["body", "prompt"], type: "missing" }),
        expect.objectContaining({ loc: ["body", "num_images"], type: "less_than_equal" }),
      ]),
    );
  });

  it("failed job: COMPLETED with error on status, the model's error on result", async () => {
    const s = await fal.queue.submit("fal-ai/flux/dev", { input: { prompt: "x" }, headers: { "x-emulator-fault": "fail" } });
    await new Promise((r) => setTimeout(r, 300));
    const st = await fal.queue.status("fal-ai/flux/dev", { requestId: s.request_id });
    expect(st).toMatchObject({ status: "COMPLETED", error_type: "runner_server_error" });
    const e = await fal.queue.result("fal-ai/flux/dev", { requestId: s.request_id }).catch((x) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(e.status).toBe(500);
  });

  it("storage.upload: small (single PUT) and over 90 MB (multipart), served back byte-identical", async () => {
    const small = new Uint8Array(1000).map((_, i) => i % 251);
    const url = await fal.storage.upload(new Blob([small], { type: "image/png" }));
    expect(new Uint8Array(await (await fetch(url)).arrayBuffer())).toEqual(small);
    const big = new Uint8Array(91 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4096) big[i] = (i / 4096) % 256;
    const bigUrl = await fal.storage.upload(new Blob([big], { type: "video/mp4" }));
    const back = new Uint8Array(await (await fetch(bigUrl)).arrayBuffer());
    expect(back.length).toBe(big.length);
    expect(Buffer.compare(Buffer.from(back), Buffer.from(big))).toBe(0);
  });

  it("every JSON response matched the vendored OpenAPI", () => {
    const ops = new Set(seen.map((s) => `${s.spec} ${s.operation}`));
    expect(seen.length).toBeGreaterThan(20);
    for (const op of [
      "queue POST /{owner}/{alias}/{path} 200",
      "queue GET /{owner}/{alias}/requests/{request_id}/status 200",
      "queue GET /{owner}/{alias}/requests/{request_id} 200",
      "queue POST /{owner}/{alias}/{path} 422",
      "storage POST /storage/upload/initiate 200",
      "storage POST /storage/upload/initiate-multipart 200",
    ])
      expect(ops, [...ops].join("\n")).toContain(op);
  });
});
