/**
 * fal's five page examples (the hosted MCP server's page), end to end: the real SDK client over stdio to
 * `fal-mcp stdio` (task 2 uploads a local file) and over HTTP, the real emulator behind both. Each runs in
 * no more tool calls than the page says, and each answer is checked for being right. Also the discovery
 * and pricing answers issue #11 asked for.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callTool, startStack, type Stack } from "./wire.js";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
}, 60_000);
afterAll(async () => stack?.close());

/** A client wrapper that counts tool calls. */
function counted(transport: "http" | "stdio") {
  const client = stack.transports.find((t) => t.name === transport)!.client;
  let calls = 0;
  return {
    call: (name: string, args: Record<string, unknown>) => {
      calls++;
      return callTool(client, name, args);
    },
    calls: () => calls,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("fal's page examples", () => {
  it("1. a photorealistic image of a mountain lake: search_models, get_model_schema, run_model (3 calls)", async () => {
    const c = counted("http");
    const found = await c.call("search_models", { query: "photorealistic image generation", limit: 5 });
    const pick = found.structured.models[0];
    expect(pick.category).toBe("text-to-image");
    const schema = await c.call("get_model_schema", { endpoint_id: pick.endpoint_id });
    const required = schema.structured.input.filter((f) => f.required).map((f) => f.name);
    expect(required).toEqual(["prompt"]);
    const run = await c.call("run_model", {
      endpoint_id: pick.endpoint_id,
      input: { prompt: "a photorealistic mountain lake at golden hour" },
    });
    expect(run.structured.status).toBe("COMPLETED");
    expect(run.structured.media[0].url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(c.calls()).toBeLessThanOrEqual(3);
  });

  it("2. this image into a 5-second cinematic video: upload_file, recommend_model, submit_job, check_job (4 calls)", async () => {
    const c = counted("stdio");
    const dir = mkdtempSync(join(tmpdir(), "page-ex-"));
    const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==", "base64");
    writeFileSync(join(dir, "photo.png"), png);
    const up = await c.call("upload_file", { url: join(dir, "photo.png") });
    const imageUrl = up.structured.cdn_url;
    expect(imageUrl).toMatch(/^http/);
    const rec = await c.call("recommend_model", { task: "Take this image and turn it into a 5-second cinematic video" });
    const pick = rec.structured.recommendations[0];
    expect(pick.category).toBe("image-to-video");
    expect(pick.key_parameters).toContain(pick.key_parameters.find((k: string) => /image_url/.test(k)));
    const imageField = pick.key_parameters.find((k: string) => /image_url/.test(k));
    const sub = await c.call("submit_job", {
      endpoint_id: pick.endpoint_id,
      input: { prompt: "slow cinematic push-in", [String(imageField)]: imageUrl },
    });
    expect(sub.isError).toBe(false);
    await sleep(3000); // the emulator runs video jobs for at most 2.5 s: one status check finds it done
    const done = await c.call("check_job", { endpoint_id: pick.endpoint_id, request_id: sub.structured.request_id, action: "status" });
    expect(done.structured.status).toBe("COMPLETED");
    expect(done.structured.media.length).toBeGreaterThan(0);
    expect(done.text).toMatch(/https?:\/\//);
    expect(c.calls()).toBeLessThanOrEqual(4);
  }, 30_000);

  it("3. what a Kling 3.0 video costs: get_pricing (1 call), and the wording finds Kling v3", async () => {
    const c = counted("http");
    const p = await c.call("get_pricing", { endpoint_id: "fal-ai/kling-video/v3/pro/image-to-video" });
    const row = p.structured.prices[0];
    expect(row.source).toBe("live"); // the snapshot has no price for it: the emulator's live endpoint answers
    expect(row.unit_price).toBeGreaterThan(0);
    expect(row.as_of).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(p.text).toMatch(/per second .*live from fal/);
    expect(c.calls()).toBe(1);
    const s = await callTool(stack.transports[0]!.client, "search_models", {
      query: "How much does it cost to generate a video with Kling 3.0?",
      limit: 3,
    });
    expect(s.structured.models[0].endpoint_id).toMatch(/^fal-ai\/kling-video\/v3\//);
  });

  it("4. the best model for removing backgrounds from product photos: recommend_model (1 call) with tips", async () => {
    const c = counted("http");
    const r = await c.call("recommend_model", { task: "What's the best model for removing backgrounds from product photos?" });
    const recs = r.structured.recommendations;
    expect(recs[0].endpoint_id).toMatch(/background|rembg|birefnet/);
    expect(recs.slice(0, 3).filter((x) => /background|rembg|birefnet/.test(x.endpoint_id)).length).toBeGreaterThanOrEqual(2);
    const rembg = recs.find((x) => x.endpoint_id === "fal-ai/imageutils/rembg") ?? recs[0];
    expect(rembg.key_parameters[0]).toBe("image_url"); // read from the schema: required first
    expect(rembg.key_parameters).not.toContain("prompt");
    expect(rembg.tip).toMatch(/upload_file|string enum|default/);
    // A reason read from what each model matched (words and where), not one sentence for all.
    expect(new Set(recs.map((x) => x.why)).size).toBeGreaterThan(recs.length / 2);
    for (const x of recs) expect(x.why).toMatch(/matches ".+" in its (name|id|tags|description)/);
    expect(recs[0].why).toMatch(/background/);
    expect(c.calls()).toBe(1);
  });

  it("5. how to set up webhooks: search_docs (1 call)", async () => {
    const c = counted("http");
    const d = await c.call("search_docs", { query: "How do I set up webhooks with fal?" });
    expect(d.structured.results[0].title + d.structured.results[0].url).toMatch(/webhook/i);
    expect(c.calls()).toBe(1);
  });
});

describe("discovery and prices that people can act on", () => {
  const http = () => stack.transports[0]!.client;

  it("categories as fal's page names them filter; an unknown one suggests and still answers", async () => {
    const edit = await callTool(http(), "search_models", { query: "change the sky", category: "image-editing", limit: 5 });
    expect(edit.isError).toBe(false);
    expect(edit.structured.models.every((m) => m.category === "image-to-image")).toBe(true);
    const llm = await callTool(http(), "search_models", { category: "llm", limit: 50 });
    expect(llm.structured.models.some((m) => m.category === "llm")).toBe(true);
    const typo = await callTool(http(), "search_models", { query: "kling", category: "image-too-video", limit: 3 });
    expect(typo.isError).toBe(false);
    expect(typo.text).toMatch(/Unknown category "image-too-video".*Did you mean "image-to-video"/);
    expect(typo.structured.models[0].endpoint_id).toMatch(/kling/);
  });

  it("a task about a video gets video models; versions are understood", async () => {
    const v = await callTool(http(), "search_models", { query: "upscale my old footage", limit: 3 });
    for (const m of v.structured.models) expect(m.endpoint_id).toMatch(/video/);
    const veo = await callTool(http(), "search_models", { query: "Veo 3.1", limit: 3 });
    for (const m of veo.structured.models) expect(m.endpoint_id).toMatch(/^fal-ai\/veo3\.1/);
  });

  it("prices: fal's pricing text when no figure exists, compute-priced models never read $0", async () => {
    const hh = await callTool(http(), "get_pricing", { endpoint_id: "alibaba/happy-horse/image-to-video" });
    // The emulator prices every model live; fal's own wording is still shown next to it.
    expect(hh.text).toMatch(/\$0\.14\/second/);
    const amt = await callTool(http(), "get_pricing", { endpoint_id: "fal-ai/amt-interpolation" });
    expect(amt.text).toMatch(/priced by compute time; fal's page has the rate/);
    expect(amt.text).not.toMatch(/\$0 per/);
    const s = await callTool(http(), "search_models", { query: "frame interpolation", limit: 20 });
    expect(s.text).not.toMatch(/\$0 per/);
    expect(s.text).toMatch(/\(as of \d{4}-\d{2}-\d{2}\)|date unknown/);
  });

  it("no tool answer words a cost with \u2248 or \u00d7 any more (only fal's own quoted pricing text may)", async () => {
    // fal's wording is quoted as it is ("fal says: ...", "fal's pricing text: \"...\""): ours is ASCII now.
    const ours = (text: string) =>
      text
        .split("\n")
        .filter((l) => !/^\s*fal says: /.test(l))
        .join("\n")
        .replace(/fal's pricing text: ".*?" \(/g, "");
    const answers: Record<string, string> = {};
    const flux = { endpoint_id: "fal-ai/flux/dev", input: { prompt: "a lake", num_images: 2 } };
    answers.run = (await callTool(http(), "run_model", flux)).text;
    const sub = await callTool(http(), "submit_job", flux);
    answers.submit = sub.text;
    const rid = sub.structured.request_id;
    answers.status = (await callTool(http(), "check_job", { endpoint_id: "fal-ai/flux/dev", request_id: rid })).text;
    await sleep(400);
    answers.result = (await callTool(http(), "check_job", { endpoint_id: "fal-ai/flux/dev", request_id: rid, action: "result" })).text;
    answers.pricing = (
      await callTool(http(), "get_pricing", { endpoint_id: "fal-ai/flux/dev", input: { prompt: "x", num_images: 3 } })
    ).text;
    answers.over = (await callTool(http(), "submit_job", { ...flux, max_cost_usd: 0.0001 })).text;
    for (const task of ["a 5-second cinematic video from an image", "cheap fast text to image", "upscale a video"])
      answers[task] = (await callTool(http(), "recommend_model", { task })).text;
    // The cost is stated where it should be, in the new words.
    expect(answers.run).toMatch(/Estimated cost: about \$[\d.]+ \(2 images x [\d.]+ MP x /);
    expect(answers.pricing).toMatch(/this input: about \$[\d.]+ \(3 images x [\d.]+ MP x /);
    expect(answers.over).toMatch(/Estimated cost \$[\d.]+ \(2 images x [\d.]+ MP x .*is above max_cost_usd/);
    // The defaults in the same words as a run's answer, not as raw JSON.
    expect(answers.over).toContain('; with fal\'s defaults image_size="landscape_4_3") is above');
    for (const [name, text] of Object.entries(answers))
      expect({ name, text: ours(text) }).not.toMatchObject({ text: expect.stringMatching(/[\u2248\u00d7]/) });
  });

  it("run_model states the estimated cost and defaults; a near-miss field is refused, others are named", async () => {
    const run = await callTool(http(), "run_model", { endpoint_id: "fal-ai/flux/dev", input: { prompt: "a lake", fps: 24 } });
    expect(run.structured.status).toBe("COMPLETED");
    expect(run.text).toMatch(/Estimated cost: about \$0\.\d+ \(.*as of 2025-10-30\)/);
    expect(run.text).toMatch(/defaults: .*image_size=/);
    expect(run.text).toMatch(/Ignored by this model \(not in its schema\): fps/);
    expect(run.structured.ignored_fields).toEqual(["fps"]);
    const typo = await callTool(http(), "submit_job", { endpoint_id: "fal-ai/flux/dev", input: { promt: "a lake" } });
    expect(typo.isError).toBe(true);
    expect(typo.text).toMatch(/no input field "promt": did you mean "prompt"\?/);
    // A field named for the same thing but not this model's ("image_url" where it wants start_image_url).
    const kling = await callTool(http(), "submit_job", {
      endpoint_id: "fal-ai/kling-video/v2.6/pro/image-to-video",
      input: { prompt: "waves", image_url: "https://fal.media/files/x.png" },
    });
    expect(kling.isError).toBe(true);
    expect(kling.text).toMatch(
      /start_image_url: required field is missing \(you sent "image_url", which this model does not have: rename it to "start_image_url"\)/,
    );
  });
});
