/** HTTP transport behaviour and operator options, on real `fal-mcp serve` processes. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { CLI, KEY, startCli, type Proc } from "../helpers/processes.js";
import { covers } from "./requirements.js";
import type { ImageContent } from "@modelcontextprotocol/sdk/types.js";
import { callTool, httpClient } from "./wire.js";

const procs: Proc[] = [];
let emulator: Proc;
let env: Record<string, string>;
const serve = async (...args: string[]) => {
  const p = await startCli(["serve", "--port", "0", "--emulator", ...args], env);
  procs.push(p);
  return p;
};
const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  emulator = await startCli(["emulator", "--port", "0"]);
  procs.push(emulator);
  env = {
    FAL_API_URL: `${emulator.url}/v1`,
    FAL_QUEUE_URL: `${emulator.url}/queue`,
    FAL_RUN_URL: `${emulator.url}/run`,
    FAL_REST_URL: `${emulator.url}/rest`,
    FAL_MCP_EMULATOR_ORIGIN: emulator.url,
  };
});
afterAll(async () => {
  for (const p of procs.reverse()) await p.stop();
});

describe("HTTP", () => {
  let url: string;
  beforeAll(async () => {
    url = (await serve()).url;
  });

  it(`no key → 401 with WWW-Authenticate and a sentence ${covers("transport.auth")}`, async () => {
    const r = await post(url, { jsonrpc: "2.0", id: 1, method: "tools/list" });
    expect(r.status).toBe(401);
    expect(r.headers.get("www-authenticate")).toBe('Bearer realm="fal-mcp"'); // no credentials: no error code (RFC 6750 §3.1)
    expect(((await r.json()) as { error: { message: string } }).error.message).toMatch(/Authorization: Bearer <FAL_KEY>/);
    const wrong = await post(url, { jsonrpc: "2.0", id: 1, method: "tools/list" }, { authorization: `Key ${KEY}` });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toBe('Bearer realm="fal-mcp", error="invalid_token"');
    expect(((await wrong.json()) as { error: { message: string } }).error.message).toMatch(/Bearer scheme/);
    // Too short to be a key: the refusal says the rule it broke.
    const short = await post(url, { jsonrpc: "2.0", id: 1, method: "tools/list" }, { authorization: "Bearer demo" });
    expect(short.status).toBe(401);
    expect(((await short.json()) as { error: { message: string } }).error.message).toMatch(/8 to 512 printable characters/);
  });

  it("stateless: no session id, GET/DELETE are 405, health answers, bad JSON is a parse error", async () => {
    const r = await post(
      url,
      {
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "1" } },
      },
      { authorization: `Bearer ${KEY}` },
    );
    expect(r.status).toBe(200);
    expect(r.headers.get("mcp-session-id")).toBeNull();
    expect((await fetch(url, { method: "GET" })).status).toBe(405);
    expect((await fetch(url, { method: "DELETE" })).status).toBe(405);
    const health = await fetch(url.replace("/mcp", "/healthz"));
    expect(await health.json()).toMatchObject({ ok: true, tools: 9 });
    const bad = await fetch(url, {
      method: "POST",
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: "{oops",
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: number } }).error.code).toBe(-32700);
  });

  it("answers JSON without a progress token and SSE with one", async () => {
    const call = (meta: object) =>
      post(
        url,
        { jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "search_models", arguments: { query: "flux", limit: 1 }, ...meta } },
        { authorization: `Bearer ${KEY}` },
      );
    expect((await call({})).headers.get("content-type")).toMatch(/application\/json/);
    expect((await call({ _meta: { progressToken: 7 } })).headers.get("content-type")).toMatch(/text\/event-stream/);
  });

  it("refuses foreign origins when bound to localhost (DNS rebinding), lets localhost in with CORS", async () => {
    const evil = await post(
      url,
      { jsonrpc: "2.0", id: 1, method: "tools/list" },
      { authorization: `Bearer ${KEY}`, origin: "http://evil.example" },
    );
    expect(evil.status).toBe(403);
    const local = await fetch(url, {
      method: "OPTIONS",
      headers: { origin: "http://localhost:5173", "access-control-request-method": "POST" },
    });
    expect(local.status).toBe(204);
    expect(local.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(local.headers.get("access-control-allow-headers")).toMatch(/authorization/);
    // fetch cannot forge Host; a raw request can (as a rebinding attacker's page effectively does).
    const { request } = await import("node:http");
    const u = new URL(url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: u.hostname,
          port: u.port,
          path: "/mcp",
          method: "POST",
          headers: {
            host: "evil.example",
            authorization: `Bearer ${KEY}`,
            "content-type": "application/json",
            accept: "application/json, text/event-stream",
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode!);
        },
      );
      req.on("error", reject);
      req.end(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }));
    });
    expect(status).toBe(403);
  });
});

describe("--allow-anonymous", () => {
  it(`serves discovery without a key and refuses fal-bound tools with a sentence ${covers("transport.anonymous")}`, async () => {
    const p = await serve("--allow-anonymous");
    const client = await httpClient(p.url, null);
    const s = await callTool(client, "search_models", { query: "flux" });
    expect(s.isError).toBe(false);
    const price = await callTool(client, "get_pricing", { endpoint_id: "fal-ai/flux/dev" });
    expect(price.structured.prices[0]).toMatchObject({ source: "snapshot", as_of: "2025-10-30" });
    const run = await callTool(client, "run_model", { endpoint_id: "fal-ai/flux/dev", input: { prompt: "x" } });
    expect(run.isError).toBe(true);
    expect(run.text).toMatch(/needs your fal key: connect with the header `Authorization: Bearer <FAL_KEY>`/);
    await client.close();
  });
});

describe("operator options", () => {
  it(`--tools exposes models as typed tools ${covers("transport.per-model-tools")}`, async () => {
    const p = await serve("--tools", "fal-ai/flux/dev,fal-ai/kling-video/v2.1/pro/image-to-video");
    const client = await httpClient(p.url);
    const { tools } = await client.listTools();
    const flux = tools.find((t) => t.name === "flux_dev")!;
    expect(tools).toHaveLength(11);
    expect((flux.inputSchema.properties as Record<string, unknown>).num_images).toMatchObject({
      type: "integer",
      minimum: 1,
      maximum: 4,
      default: 1,
    });
    expect(flux.inputSchema.required).toEqual(["prompt"]);
    expect(tools.find((t) => t.name === "kling-video_v2_1_pro_image-to-video")).toBeDefined();
    const r = await callTool(client, "flux_dev", { prompt: "a lake" });
    expect(r.structured.status).toBe("COMPLETED");
    expect(r.structured.result.images[0].url).toMatch(/image\.png$/);
    const bad = await callTool(client, "flux_dev", { num_images: 9 });
    expect(bad.isError).toBe(true);
    await client.close();
  });

  it(`--read-only, --disable-tools and --allow-models narrow what is exposed ${covers("transport.operator-limits")}`, async () => {
    const ro = await httpClient((await serve("--read-only")).url);
    expect((await ro.listTools()).tools.map((t) => t.name).sort()).toEqual([
      "get_model_schema",
      "get_pricing",
      "recommend_model",
      "search_docs",
      "search_models",
    ]);
    const gone = await callTool(ro, "run_model", { endpoint_id: "fal-ai/flux/dev", input: { prompt: "x" } });
    expect(gone.isError).toBe(true);
    const limited = await httpClient((await serve("--disable-tools", "upload_file", "--allow-models", "fal-ai/flux/*")).url);
    expect((await limited.listTools()).tools.map((t) => t.name)).not.toContain("upload_file");
    expect((await callTool(limited, "run_model", { endpoint_id: "fal-ai/flux/dev", input: { prompt: "x" } })).isError).toBe(false);
    const refused = await callTool(limited, "submit_job", {
      endpoint_id: "fal-ai/kling-video/v2.1/pro/image-to-video",
      input: { prompt: "x", image_url: "https://x/y.png" },
    });
    expect(refused.text).toMatch(/"fal-ai\/kling-video.*" is outside the models this connection may use .*--allow-models/);
    await ro.close();
    await limited.close();
  });

  it("bad flags exit 2 with a sentence and the usage, never a stack", async () => {
    const bad = startCli(["serve", "--port", "70000"], env);
    await expect(bad).rejects.toThrow(/--port must be a whole number from 0 to 65535[\s\S]*usage:/);
    await expect(startCli(["serve", "--disable-tools", "nope"], env)).rejects.toThrow(/unknown tool "nope"/);
    await expect(startCli(["frobnicate"], env)).rejects.toThrow(/unknown command "frobnicate"/);
  });
});

describe("stdio", () => {
  it("runs offline with --emulator and no FAL_KEY at all", async () => {
    const t = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, "stdio", "--emulator"],
      env: { PATH: process.env.PATH ?? "" },
    });
    const client = new Client({ name: "t", version: "1" });
    await client.connect(t);
    const r = await callTool(client, "run_model", { endpoint_id: "fal-ai/flux/schnell", input: { prompt: "x" } });
    expect(r.structured.status).toBe("COMPLETED");
    await client.close();
  });
});

describe("config snippets", () => {
  it.each([
    ["claude-code", /claude mcp add --transport http fal-ai/],
    ["cursor", /"mcpServers"/],
    ["windsurf", /"serverUrl"/],
  ])("%s", async (c, re) => {
    const { spawnSync } = await import("node:child_process");
    const r = spawnSync(process.execPath, [CLI, "config", c, "--url", "https://mcp.example/mcp"], { encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(re);
    expect(r.stdout).toContain("https://mcp.example/mcp");
  });
});

describe("results and fal's errors", () => {
  it("--inline-images adds small images as image content, beside the link", async () => {
    const client = await httpClient((await serve("--inline-images")).url);
    const r = await callTool(client, "run_model", { endpoint_id: "fal-ai/flux/dev", input: { prompt: "x" } });
    const img = r.result.content.find((c): c is ImageContent => c.type === "image");
    expect(img?.mimeType).toBe("image/png");
    expect(
      Buffer.from(img?.data ?? "", "base64")
        .subarray(1, 4)
        .toString(),
    ).toBe("PNG");
    expect(r.result.content.some((c) => c.type === "resource_link")).toBe(true);
    const plain = await httpClient((await serve()).url);
    const p = await callTool(plain, "run_model", { endpoint_id: "fal-ai/flux/dev", input: { prompt: "x" } });
    expect(p.result.content.some((c) => c.type === "image")).toBe(false);
    await client.close();
    await plain.close();
  });

  it("fal refusing the key is an isError sentence, never a crash", async () => {
    const strict = await startCli(["emulator", "--port", "0"], { FAL_EMULATOR_KEYS: "only:this-key" });
    procs.push(strict);
    const p = await startCli(["serve", "--port", "0", "--emulator"], { FAL_MCP_EMULATOR_ORIGIN: strict.url });
    procs.push(p);
    const client = await httpClient(p.url);
    const r = await callTool(client, "submit_job", { endpoint_id: "fal-ai/flux/dev", input: { prompt: "x" } });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/fal refused the key while submitting to fal-ai\/flux\/dev \(HTTP 401.*FAL_KEY over stdio/);
    expect(r.text).not.toContain(KEY);
    expect((await fetch(p.url.replace("/mcp", "/healthz"))).ok).toBe(true);
    await client.close();
  });
});
