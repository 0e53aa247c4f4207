/**
 * `fal-mcp/fetch` runs unchanged on Cloudflare's runtime: bundled by esbuild, served by `workerd` (from
 * its npm package) on loopback, driven by the real MCP SDK client, calling the emulator. workerd's
 * outbound network is limited to local addresses, so nothing can leave the machine.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startEmulator, emulatorUrls, type Emulator } from "../../src/emulator/server.js";
import { KEY, ROOT } from "../helpers/processes.js";
import { callTool, httpClient, textOf, type OpenApiDoc } from "../e2e/wire.js";
import { mcpCall, SECRET, tokensFor } from "../oauth/flow.js";

let emu: Emulator;
let workerd: ChildProcess;
let url = "";
let output = "";

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as AddressInfo).port;
      s.close(() => resolve(p));
    });
  });

beforeAll(async () => {
  emu = await startEmulator({ queueMs: 10, runMs: 50, keys: [KEY] });
  const dir = mkdtempSync(join(tmpdir(), "fal-mcp-workerd-"));
  await build({
    entryPoints: { worker: join(ROOT, "src/transports/http/fetch.ts") },
    bundle: true,
    splitting: true,
    format: "esm",
    outdir: join(dir, "out"),
    platform: "neutral",
    mainFields: ["module", "main"],
    conditions: ["workerd", "worker", "import"],
    external: ["node:*"],
    logLevel: "error",
  });
  const modules = readdirSync(join(dir, "out")).sort((a, b) => (a === "worker.js" ? -1 : b === "worker.js" ? 1 : a.localeCompare(b)));
  const port = await freePort();
  const u = emulatorUrls(emu.url);
  const text = (name: string, value: string) => `(name = "${name}", text = "${value}")`;
  writeFileSync(
    join(dir, "config.capnp"),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .mcp), (name = "loopback", network = (allow = ["local"])) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const mcp :Workerd.Worker = (
  modules = [ ${modules.map((m) => `(name = "${m}", esModule = embed "out/${m}")`).join(",\n    ")} ],
  compatibilityDate = "2025-09-01",
  compatibilityFlags = ["nodejs_compat"],
  globalOutbound = "loopback",
  bindings = [ ${[text("FAL_API_URL", u.api), text("FAL_QUEUE_URL", u.queue), text("FAL_RUN_URL", u.run), text("FAL_REST_URL", u.rest), text("FAL_DOCS_URL", `${emu.url}/docs`), text("FAL_MCP_EMULATOR_ORIGIN", emu.url), text("FAL_MCP_TOKEN_SECRET", SECRET)].join(", ")} ],
);
`,
  );
  workerd = spawn(join(ROOT, "node_modules/.bin/workerd"), ["serve", join(dir, "config.capnp"), "--experimental"], {
    cwd: dir,
    stdio: ["ignore", "pipe", "pipe"],
  });
  workerd.stdout!.on("data", (d) => (output += d));
  workerd.stderr!.on("data", (d) => (output += d));
  url = `http://127.0.0.1:${port}/mcp`;
  for (let i = 0; i < 100; i++) {
    if (
      await fetch(url.replace("/mcp", "/healthz")).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    if (workerd.exitCode !== null) throw new Error(`workerd exited:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`workerd did not answer:\n${output}`);
}, 120_000);

afterAll(async () => {
  workerd?.kill("SIGTERM");
  await emu?.close();
});

it("serves the nine tools under workerd, lazily loads a model, and runs one against the emulator", async () => {
  const client = await httpClient(url);
  expect((await client.listTools()).tools).toHaveLength(9);
  const s = await callTool(client, "search_models", { query: "flux dev", limit: 3 });
  expect(s.structured.models.map((m) => m.endpoint_id)).toContain("fal-ai/flux/dev");
  const schema = await callTool(client, "get_model_schema", { endpoint_id: "fal-ai/flux/dev" });
  expect(schema.structured.input.find((f) => f.name === "prompt")?.required).toBe(true);
  const run = await callTool(client, "run_model", { endpoint_id: "fal-ai/flux/dev", input: { prompt: "a lake" } });
  expect(run.structured.status).toBe("COMPLETED");
  const up = await callTool(client, "upload_file", { data: btoa("hello"), file_name: "a.txt" });
  expect(up.structured.size_bytes).toBe(5);
  const refused = await callTool(client, "upload_file", { url: "http://169.254.169.254/latest/meta-data/" });
  expect(refused.text).toMatch(/Refused/);
  const raw = await client.readResource({ uri: "fal://models/fal-ai/flux/dev/openapi" });
  expect((JSON.parse(textOf(raw.contents[0])) as OpenApiDoc).info["x-fal-metadata"].endpointId).toBe("fal-ai/flux/dev");
  await client.close();
  const anon = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
    body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}',
  });
  expect(anon.status).toBe(401);
  expect(output).not.toContain(KEY);
}, 60_000);

it("signs in with OAuth under workerd (jose on WebCrypto): sealed tokens carry the one key the emulator accepts", async () => {
  const base = new URL(url).origin;
  const { access, refresh, clientId } = await tokensFor(base, KEY);
  const run = await mcpCall(base, access, "tools/call", {
    name: "run_model",
    arguments: { endpoint_id: "fal-ai/flux/dev", input: { prompt: "a lake" } },
  });
  expect(run.status).toBe(200);
  expect(JSON.parse(run.text).result.structuredContent.status).toBe("COMPLETED");
  expect((await mcpCall(base, refresh, "tools/list")).status).toBe(401);
  const r = await fetch(`${base}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refresh, client_id: clientId }).toString(),
  });
  expect(r.status).toBe(200);
  expect(output).not.toContain(KEY);
}, 60_000);
