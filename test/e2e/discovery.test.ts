/** Discovery tools with live fal data (the emulator) and with no network at all (a dead port). */
import { afterAll, describe, expect, it } from "vitest";
import { startCli, type Proc } from "../helpers/processes.js";
import { callTool, httpClient, type Called } from "./wire.js";

const procs: Proc[] = [];
afterAll(async () => {
  for (const p of procs.reverse()) await p.stop();
});

describe("with fal reachable (emulator)", () => {
  it("refreshes the catalog live in the background and says which catalog answered", async () => {
    const emu = await startCli(["emulator", "--port", "0"]);
    procs.push(emu);
    const srv = await startCli(["serve", "--port", "0", "--emulator"], {
      FAL_MCP_EMULATOR_ORIGIN: emu.url,
      FAL_API_URL: `${emu.url}/v1`,
      FAL_QUEUE_URL: `${emu.url}/queue`,
      FAL_RUN_URL: `${emu.url}/run`,
      FAL_REST_URL: `${emu.url}/rest`,
    });
    procs.push(srv);
    const client = await httpClient(srv.url);
    const first = await callTool(client, "search_models", { query: "flux" });
    expect(first.structured.source).toBe("snapshot");
    let live: Called | undefined;
    for (let i = 0; i < 50 && live?.structured.source !== "live"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      live = await callTool(client, "search_models", { query: "flux" });
    }
    expect(live?.structured.source).toBe("live");
    expect(live?.structured.catalog_as_of).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(live?.structured.models[0].endpoint_id).toMatch(/flux/);
    const docs = await callTool(client, "search_docs", { query: "queue webhooks" });
    expect(docs.structured.source).toMatch(/live page/);
    await client.close();
  });
});

describe("with no network at all", () => {
  it("answers the discovery tools from the embedded snapshot", async () => {
    const dead = "http://127.0.0.1:9";
    const srv = await startCli(["serve", "--port", "0"], {
      FAL_API_URL: `${dead}/v1`,
      FAL_QUEUE_URL: `${dead}/queue`,
      FAL_RUN_URL: `${dead}/run`,
      FAL_REST_URL: `${dead}/rest`,
      FAL_DOCS_URL: `${dead}/docs`,
    });
    procs.push(srv);
    const client = await httpClient(srv.url);
    expect((await client.listTools()).tools).toHaveLength(9);
    const s = await callTool(client, "search_models", { query: "video from an image", limit: 5 });
    expect(s.structured).toMatchObject({ source: "snapshot", inferred_category: "image-to-video" });
    expect(s.structured.models.every((m) => m.category === "image-to-video")).toBe(true);
    const schema = await callTool(client, "get_model_schema", { endpoint_id: "fal-ai/flux/dev" });
    expect(schema.structured.source).toBe("embedded");
    const price = await callTool(client, "get_pricing", { endpoint_id: "fal-ai/flux/dev" });
    expect(price.structured.prices[0]).toMatchObject({ source: "snapshot", as_of: "2025-10-30", explanation: "$0.025 per megapixel" });
    expect(price.text).toMatch(/live pricing failed: .*127\.0\.0\.1:9.*snapshot shown/);
    const docs = await callTool(client, "search_docs", { query: "upload a file" });
    expect(docs.structured.source).toBe("fal docs index (embedded snapshot)");
    expect(docs.structured.results.length).toBeGreaterThan(0);
    const rec = await callTool(client, "recommend_model", { task: "remove background from product photos" });
    expect(rec.structured.recommendations[0].endpoint_id).toMatch(/background|rembg|birefnet/);
    const run = await callTool(client, "run_model", { endpoint_id: "fal-ai/flux/dev", input: { prompt: "x" } });
    expect(run.isError).toBe(true);
    expect(run.text).toMatch(/fal is unavailable .* 127\.0\.0\.1:9/);
    await client.close();
  });

  it("bad input gets a sentence or a documented clamp", async () => {
    const client = await httpClient(procs.at(-1)!.url);
    expect((await callTool(client, "search_docs", { query: "" })).text).toMatch(/query|String must|Too small/);
    expect((await callTool(client, "recommend_model", { task: "   " })).text).toMatch(/task is empty/);
    expect((await callTool(client, "search_models", { query: "" })).structured.models).toHaveLength(20);
    expect((await callTool(client, "search_models", { query: "zzzzqqqq" })).text).toMatch(/No models match/);
    await client.close();
  });
});
