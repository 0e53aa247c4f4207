/** The nine tools end to end, each scenario over stateless HTTP and stdio, against the emulator. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KEY } from "../helpers/processes.js";
import { covers } from "./requirements.js";
import type { Progress, TextContent } from "@modelcontextprotocol/sdk/types.js";
import { callTool, startStack, textOf, type OpenApiDoc, type Stack } from "./wire.js";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.close();
});

describe.each(["http", "stdio"] as const)("over %s", (name) => {
  const client = () => stack.transports.find((t) => t.name === name)!.client;

  it(`lists the nine tools with annotations and output schemas ${covers("search_models.query")}`, async () => {
    const { tools } = await client().listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      "check_job",
      "get_model_schema",
      "get_pricing",
      "recommend_model",
      "run_model",
      "search_docs",
      "search_models",
      "submit_job",
      "upload_file",
    ]);
    for (const t of tools) {
      expect(t.outputSchema, t.name).toBeDefined();
      expect(t.annotations?.openWorldHint, t.name).toBe(true);
    }
    expect(tools.find((t) => t.name === "search_models")!.annotations!.readOnlyHint).toBe(true);
  });

  it(`search_models: query, shape and ranking ${covers("search_models.query")}`, async () => {
    const r = await callTool(client(), "search_models", { query: "flux dev" });
    expect(r.isError).toBe(false);
    expect(r.structured.models[0]).toMatchObject({
      endpoint_id: expect.any(String),
      name: expect.any(String),
      category: expect.any(String),
      description: expect.any(String),
    });
    expect(r.structured.models.slice(0, 3).map((m) => m.endpoint_id)).toContain("fal-ai/flux/dev");
    expect(r.structured.total_shown).toBe(r.structured.models.length);
    expect(typeof r.structured.has_more).toBe("boolean");
    expect(r.text).toContain("fal-ai/flux/dev");
  });

  it(`search_models: category filter and bad category ${covers("search_models.category")}`, async () => {
    const r = await callTool(client(), "search_models", { query: "kling", category: "image-to-video", limit: 5 });
    expect(r.structured.models.every((m) => m.category === "image-to-video")).toBe(true);
    const bad = await callTool(client(), "search_models", { category: "images-to-pictures" });
    expect(bad.isError).toBe(true);
    expect(bad.text).toMatch(/Unknown category "images-to-pictures"\. Use one of: .*text-to-image/);
  });

  it(`search_models: limit default, max, and refused values ${covers("search_models.limit")}`, async () => {
    expect((await callTool(client(), "search_models", {})).structured.models).toHaveLength(20);
    expect((await callTool(client(), "search_models", { limit: 100 })).structured.models).toHaveLength(100);
    for (const limit of [0, 1000]) {
      const r = await callTool(client(), "search_models", { limit });
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(/Invalid arguments for search_models: limit: Too (small|big)/);
    }
  });

  it(`get_model_schema: compact schema ${covers("get_model_schema.compact")}`, async () => {
    const r = await callTool(client(), "get_model_schema", { endpoint_id: "fal-ai/flux/dev" });
    const steps = r.structured.input.find((f) => f.name === "num_inference_steps");
    expect(steps).toMatchObject({ type: "integer", default: 28, min: 1, max: 50 });
    expect(r.structured.input.find((f) => f.name === "prompt")).toMatchObject({ required: true, type: "string" });
    expect(r.structured.input.find((f) => f.name === "output_format")?.enum).toEqual(["jpeg", "png"]);
    expect(r.structured.openapi_resource).toBe("fal://models/fal-ai/flux/dev/openapi");
    expect(r.text).toMatch(/Required: prompt/);
  });

  it(`get_model_schema: unknown id suggests close ones ${covers("get_model_schema.unknown")}`, async () => {
    const r = await callTool(client(), "get_model_schema", { endpoint_id: "fal-ai/flux/devv" });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/Unknown endpoint_id "fal-ai\/flux\/devv"\. Did you mean: .*fal-ai\/flux\/dev/);
    // One letter off, and cut short: the id a few edits away comes first, though no word of it matches.
    const deb = await callTool(client(), "get_pricing", { endpoint_id: "fal-ai/flux/deb" });
    expect(deb.text).toMatch(/Did you mean: fal-ai\/flux\/dev,/);
    const cut = await callTool(client(), "run_model", { endpoint_id: "fal-ai/kling-video/v2.1/pro/image-to-vide", input: {} });
    expect(cut.text).toMatch(/Did you mean: fal-ai\/kling-video\/v2\.1\/pro\/image-to-video,/);
  });

  it(`get_pricing: in words, dated, with an estimate ${covers("get_pricing.explained", "get_pricing.estimate")}`, async () => {
    const r = await callTool(client(), "get_pricing", { endpoint_id: "fal-ai/flux/dev" });
    expect(r.structured.prices[0]).toMatchObject({ unit_price: 0.025, explanation: "$0.025 per megapixel", source: "live" });
    const e = await callTool(client(), "get_pricing", {
      endpoint_id: "fal-ai/kling-video/v2.1/pro/image-to-video",
      input: { prompt: "x", image_url: "https://x/y.png" },
    });
    // duration omitted: fal bills its default of 5 s.
    expect(e.structured.prices[0]).toMatchObject({ estimate_usd: 0.45 });
    const many = await callTool(client(), "get_pricing", { endpoint_id: "fal-ai/flux/dev, fal-ai/flux/schnell" });
    expect(many.structured.prices).toHaveLength(2);
  });

  it(`search_docs: ranked pages with links ${covers("search_docs.ranked")}`, async () => {
    const r = await callTool(client(), "search_docs", { query: "webhooks" });
    expect(r.structured.results[0].title.toLowerCase()).toContain("webhook");
    expect(r.structured.results[0].url).toMatch(/^https:\/\/fal\.ai\/docs\/.*\.md$/);
  });

  it(`run_model: completes with media three ways ${covers("run_model.completes")}`, async () => {
    const r = await callTool(client(), "run_model", { endpoint_id: "fal-ai/flux/dev", input: { prompt: "a lake" } });
    expect(r.isError).toBe(false);
    expect(r.structured.status).toBe("COMPLETED");
    expect(r.structured.media[0].url).toMatch(/\/files\/sample\/image\.png$/);
    expect(r.result.content.some((c) => c.type === "resource_link" && c.uri === r.structured.media[0].url)).toBe(true);
    expect(r.text).toContain(r.structured.media[0].url);
    expect(r.structured.defaults_applied).toMatchObject({ num_images: 1, image_size: "landscape_4_3" });
  });

  it(`run_model: invalid input refused before fal ${covers("run_model.invalid-input")}`, async () => {
    const r = await callTool(client(), "run_model", { endpoint_id: "fal-ai/flux/dev", input: { num_images: 9, acceleration: "max" } });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/prompt: required field is missing/);
    expect(r.text).toMatch(/num_images: .*(<=|4)/);
    expect(r.text).toMatch(/acceleration/);
    expect(r.text).toMatch(/get_model_schema/);
    const unknown = await callTool(client(), "run_model", { endpoint_id: "fal-ai/fluxx/dev", input: {} });
    expect(unknown.text).toMatch(/Did you mean/);
  });

  it(`run_model: the wait limit hands back the request_id ${covers("run_model.wait-limit")}`, async () => {
    // The emulator runs Kling video jobs for 2.5 s here (minutes on fal); the wait is 1 s.
    const id = "fal-ai/kling-video/v2.1/pro/image-to-video";
    const t0 = Date.now();
    const r = await callTool(client(), "run_model", {
      endpoint_id: id,
      input: { prompt: "waves", image_url: "https://x/y.png" },
      wait_seconds: 1,
    });
    expect(Date.now() - t0).toBeLessThan(2400);
    expect(r.isError).toBe(false);
    expect(r.structured.status).toBe("IN_PROGRESS");
    expect(r.structured.next_step).toContain(r.structured.request_id);
    expect(r.text).toMatch(/Still IN_PROGRESS .* check_job/);
    // The job is not lost: it completes on fal and check_job fetches it.
    await new Promise((res) => setTimeout(res, 2000));
    const done = await callTool(client(), "check_job", { endpoint_id: id, request_id: r.structured.request_id, action: "result" });
    expect(done.structured.status).toBe("COMPLETED");
    expect(done.structured.media[0].url).toMatch(/video\.mp4$/);
  });

  it(`run_model: progress notifications with a progress token ${covers("run_model.progress")}`, async () => {
    const seen: Progress[] = [];
    const r = await callTool(
      client(),
      "run_model",
      { endpoint_id: "fal-ai/flux/dev", input: { prompt: "x" } },
      { onprogress: (p) => seen.push(p) },
    );
    expect(r.structured.status).toBe("COMPLETED");
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.map((p) => p.message).join(" ")).toMatch(/queued|Step|Loading|in_progress/);
  });

  it(`run_model/submit_job: cost guard ${covers("run_model.cost-guard")}`, async () => {
    const over = await callTool(client(), "run_model", {
      endpoint_id: "fal-ai/kling-video/v2.1/pro/image-to-video",
      input: { prompt: "x", image_url: "https://x/y.png", duration: "10" },
      max_cost_usd: 0.5,
    });
    expect(over.isError).toBe(true);
    expect(over.text).toMatch(/Estimated cost \$0\.9 .* above max_cost_usd \$0\.5; not submitted/);
    const under = await callTool(client(), "submit_job", {
      endpoint_id: "fal-ai/kling-video/v2.1/pro/image-to-video",
      input: { prompt: "x", image_url: "https://x/y.png" },
      max_cost_usd: 0.5,
    });
    expect(under.isError).toBe(false);
    expect(under.structured).toMatchObject({ estimated_cost_usd: 0.45, defaults_applied: { duration: "5" } });
  });

  it(`submit_job → check_job status → result ${covers("submit_job.returns-id", "check_job.status", "check_job.result")}`, async () => {
    const s = await callTool(client(), "submit_job", { endpoint_id: "fal-ai/flux/dev", input: { prompt: "x" } });
    expect(s.structured).toMatchObject({ status: "IN_QUEUE", endpoint_id: "fal-ai/flux/dev", request_id: expect.any(String) });
    // All of it plain ASCII, cost wording included (see page-examples for the words): one non-ASCII character
    // makes V8 build the whole answer as a two-byte string, slower to serialise and to encode on every call.
    expect(s.text).toContain("Estimated cost: about $0.01975 (1 image x 0.79 MP x ");
    expect(JSON.stringify(s.structured) + s.text).toMatch(/^[\x20-\x7e\n]*$/);
    const st = await callTool(client(), "check_job", { endpoint_id: "fal-ai/flux/dev", request_id: s.structured.request_id });
    expect(["IN_QUEUE", "IN_PROGRESS", "COMPLETED"]).toContain(st.structured.status);
    if (st.structured.status !== "COMPLETED") expect(st.structured.next_step).toMatch(/check again shortly/);
    await new Promise((r) => setTimeout(r, 400));
    const done = await callTool(client(), "check_job", { endpoint_id: "fal-ai/flux/dev", request_id: s.structured.request_id });
    expect(done.structured.status).toBe("COMPLETED");
    expect(done.structured.logs.length).toBeGreaterThan(0);
    const res = await callTool(client(), "check_job", {
      endpoint_id: "fal-ai/flux/dev",
      request_id: s.structured.request_id,
      action: "result",
    });
    expect(res.structured.media.length).toBeGreaterThan(0);
    const missing = await callTool(client(), "check_job", {
      endpoint_id: "fal-ai/flux/dev",
      request_id: "00000000-0000-0000-0000-000000000000",
    });
    expect(missing.isError).toBe(true);
    expect(missing.text).toMatch(/no request .* expired/);
    expect(missing.text).not.toContain("not a catalog endpoint");
    // A typo in the alias (fal finds status by owner/alias only, so one in the path would still find the job).
    const typo = await callTool(client(), "check_job", { endpoint_id: "fal-ai/flx/dev", request_id: s.structured.request_id });
    expect(typo.isError).toBe(true);
    expect(typo.text).toMatch(/"fal-ai\/flx\/dev" is not a catalog endpoint either, close ones: fal-ai\/flux\/dev/);
  });

  it(`check_job: cancel ${covers("check_job.cancel")}`, async () => {
    const s = await callTool(client(), "submit_job", { endpoint_id: "fal-ai/flux/dev", input: { prompt: "x" } });
    const c = await callTool(client(), "check_job", {
      endpoint_id: "fal-ai/flux/dev",
      request_id: s.structured.request_id,
      action: "cancel",
    });
    expect(c.isError).toBe(false);
    expect(c.text).toMatch(/removed from the queue|asked the runner to stop/);
    // Afterwards the job reads as cancelled, the end that was asked for, not as a failure.
    for (const action of ["status", "result"]) {
      const st = await callTool(client(), "check_job", { endpoint_id: "fal-ai/flux/dev", request_id: s.structured.request_id, action });
      expect(st.isError, st.text).toBe(false);
      expect(st.structured.status).toBe("CANCELLED");
      expect(st.text).toMatch(/was cancelled before it finished; it will give no result/);
    }
    await new Promise((r) => setTimeout(r, 300));
    const again = await callTool(client(), "check_job", {
      endpoint_id: "fal-ai/flux/dev",
      request_id: s.structured.request_id,
      action: "cancel",
    });
    expect(again.text).toMatch(/already finished/);
  });

  it(`upload_file: URL and base64 ${covers("upload_file.url", "upload_file.base64")}`, async () => {
    const u = await callTool(client(), "upload_file", { url: `${stack.emulator.url}/files/sample/image.png`, file_name: "lake.png" });
    expect(u.isError).toBe(false);
    expect(u.structured).toMatchObject({ content_type: "image/png", file_name: "lake.png" });
    const back = Buffer.from(await (await fetch(u.structured.cdn_url)).arrayBuffer());
    expect(back.subarray(1, 4).toString()).toBe("PNG");
    const b = await callTool(client(), "upload_file", { data: Buffer.from("hello").toString("base64"), file_name: "a.txt" });
    expect(b.structured).toMatchObject({ size_bytes: 5, content_type: "text/plain" });
    expect(await (await fetch(b.structured.cdn_url)).text()).toBe("hello");
  });

  it(`upload_file: local paths over stdio only ${covers("upload_file.local-path")}`, async () => {
    const dir = mkdtempSync(join(tmpdir(), "fal-mcp-up-"));
    const file = join(dir, "note.txt");
    writeFileSync(file, "local bytes");
    const r = await callTool(client(), "upload_file", { url: file });
    if (name === "stdio") {
      expect(r.isError).toBe(false);
      expect(await (await fetch(r.structured.cdn_url)).text()).toBe("local bytes");
    } else {
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(/only when the server runs locally over stdio/);
    }
  });

  it(`recommend_model: ranked with why ${covers("recommend_model.ranked")}`, async () => {
    const r = await callTool(client(), "recommend_model", { task: "turn a product photo into a 5s cinematic video" });
    expect(r.structured.understood.category).toBe("image-to-video");
    expect(r.structured.recommendations.length).toBeGreaterThan(0);
    for (const m of r.structured.recommendations) {
      expect(m.category).toBe("image-to-video");
      expect(m.why).toBeTruthy();
    }
    expect(r.structured.recommendations[0].key_parameters).toContain("image_url");
  });

  it(`resources and prompts ${covers("transport.resources", "transport.prompts")}`, async () => {
    const { resources } = await client().listResources();
    expect(resources.map((r) => r.uri)).toContain("fal://catalog");
    const cat = await client().readResource({ uri: "fal://catalog" });
    expect((JSON.parse(textOf(cat.contents[0])) as unknown[]).length).toBeGreaterThan(1000);
    const raw = await client().readResource({ uri: "fal://models/fal-ai/flux/dev/openapi" });
    expect((JSON.parse(textOf(raw.contents[0])) as OpenApiDoc).info["x-fal-metadata"].endpointId).toBe("fal-ai/flux/dev");
    await expect(client().readResource({ uri: "fal://models/../../etc/passwd/openapi" })).rejects.toThrow(/Unknown resource/);
    const { prompts } = await client().listPrompts();
    expect(prompts.map((p) => p.name)).toEqual(["generate_image", "image_to_video"]);
    const p = await client().getPrompt({ name: "image_to_video", arguments: { image_url: "https://x/y.png" } });
    expect((p.messages[0]!.content as TextContent).text).toMatch(/submit_job/);
  });
});

describe("the key stays secret", () => {
  it("never appears in anything the servers printed", () => {
    expect(stack.logs()).not.toContain(KEY);
    expect(stack.logs()).not.toContain(KEY.split(":")[1]);
  });
});
