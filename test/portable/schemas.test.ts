/**
 * Every rule of the portable form (test/portable/rules.ts, each naming its source) over every schema
 * tools/list publishes: the nine default tools and all 1,291 per-model tools (`--tools all`), read
 * through the real MCP SDK client from a real `fal-mcp serve` process. Also: per-model names, the
 * --tools count warnings, output `required` only where fal's spec has it, the token budget of the nine,
 * and the optional client profiles.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encode } from "gpt-tokenizer";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { catalog } from "../../generated/catalog.js";
import { endpointSlug } from "../../src/catalog/naming.js";
import { spawnSync } from "node:child_process";
import { Client as SdkClient } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { CLI, KEY, ROOT, startCli, type Proc } from "../helpers/processes.js";
import { httpClient } from "../e2e/wire.js";
import { NINE, RULES, violations, nodes } from "./rules.js";

let emulator: Proc;
let server: Proc;
let client: Client;
/** A JSON Schema node of a listed tool, as the assertions read it. */
type SchemaNode = {
  type?: string;
  description?: string;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additionalProperties?: unknown;
  anyOf?: SchemaNode[];
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
};
/** A tool from tools/list (the SDK's Tool, its schemas read as SchemaNode). */
type ListedTool = { name: string; description?: string; inputSchema: SchemaNode; outputSchema?: SchemaNode };

let tools: ListedTool[];
/** What the SDK client's Ajv printed while compiling every listed output schema. */
const warnings: string[] = [];

beforeAll(async () => {
  emulator = await startCli(["emulator", "--port", "0", "--queue-ms", "0", "--run-ms", "0"]);
  server = await startCli(["serve", "--port", "0", "--emulator", "--no-live", "--tools", "all"], { FAL_MCP_EMULATOR_ORIGIN: emulator.url });
  client = await httpClient(server.url);
  const warn = console.warn;
  console.warn = (...a: unknown[]) => void warnings.push(a.map(String).join(" "));
  try {
    tools = (await client.listTools()).tools as ListedTool[];
  } finally {
    console.warn = warn;
  }
}, 120_000);
afterAll(async () => {
  await client?.close();
  await server?.stop();
  await emulator?.stop();
});

describe("every portable rule over every published schema", () => {
  it("lists the nine tools and all 1,291 per-model tools", () => {
    expect(catalog.length).toBe(1291);
    expect(tools.length).toBe(9 + 1291);
    expect(tools.slice(0, 9).map((t) => t.name)).toEqual(NINE);
  });

  it.each(RULES.map((r) => [`${r.id}: ${r.rule} — source: ${r.source}`, r] as const))("%s", (_name, rule) => {
    // The rule and its source are in the failure message: `rule.rule` — `rule.source`.
    const bad = tools.flatMap((t) => violations(rule, t));
    expect(bad.slice(0, 20), `${rule.rule} — source: ${rule.source}; ${bad.length} violations`).toEqual([]);
  });

  it('the SDK client compiles all 1,300 output schemas without an "unknown format" warning (issue #17: format base64)', () => {
    expect(warnings.filter((w) => /unknown format/i.test(w))).toEqual([]);
  });

  it("the rules do fail on what fal's raw schemas contain (so they can fail at all)", () => {
    const raw = JSON.parse(readFileSync(join(ROOT, "openapi/models/fal-ai__flux__dev.json"), "utf8")).components.schemas;
    const tool = {
      name: "raw",
      inputSchema: {
        ...raw.FluxDevInput,
        properties: {
          ...raw.FluxDevInput.properties,
          image_size: {
            ...raw.FluxDevInput.properties.image_size,
            anyOf: [raw.ImageSize, raw.FluxDevInput.properties.image_size.anyOf[1]],
          },
        },
      },
    };
    const failed = RULES.filter((r) => violations(r, tool).length).map((r) => r.id);
    expect(failed).toEqual(expect.arrayContaining(["no-null-unions", "inclusive-bounds", "portable-keywords"]));
  });

  it("output `required` is fal's own (never a field Zod filled with a default) — issue #17: 68 tools required defaulted fields", () => {
    const bad: string[] = [];
    for (const t of tools.slice(9)) {
      const m = catalog.find((c) => toolNameOf(c.endpoint_id) === t.name);
      if (!m) continue;
      const spec = JSON.parse(readFileSync(join(ROOT, "openapi/models", `${endpointSlug(m.endpoint_id)}.json`), "utf8"));
      const ref: string =
        spec.paths[`/${m.endpoint_id}/requests/{request_id}`].get.responses["200"].content["application/json"].schema.$ref;
      const want = new Set<string>(spec.components.schemas[ref.split("/").pop()!].required ?? []);
      for (const r of t.outputSchema!.properties!.result!.required ?? []) if (!want.has(r)) bad.push(`${t.name}: ${r}`);
    }
    expect(bad).toEqual([]);
  });
});

/**
 * A new client right after a long idle test: the pooled keep-alive socket the server closes at 5 s
 * idle can fail the first request ("other side closed") before anything is sent; that, only, is retried.
 */
const connect = (url: string) => httpClient(url).catch(() => httpClient(url));

/** The name each endpoint gets, as the server computes it (a title-independent mapping for the test). */
const nameById = new Map<string, string>();
function toolNameOf(id: string): string | undefined {
  if (!nameById.size) for (const t of tools.slice(9)) nameById.set(/\(([\w.-]+\/[^,()\s]+), /.exec(t.description!)![1]!, t.name);
  return nameById.get(id);
}

describe("names and counts", () => {
  it("names are ≤ 48 chars, unique, valid, without the redundant fal-ai_ prefix; mcp__fal-ai__<name> ≤ 64 (Claude's limit, issue #17)", () => {
    const names = tools.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) {
      expect(n.length, n).toBeLessThanOrEqual(48);
      expect(n).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(n.startsWith("fal-ai_")).toBe(false);
      expect(`mcp__fal-ai__${n}`.length).toBeLessThanOrEqual(64);
    }
    // The example was exactly 64 with the prefix; 28 catalog models were longer.
    const long = catalog.filter((m) => m.endpoint_id.replace(/^fal-ai\//, "").length > 48);
    expect(long.length).toBeGreaterThan(0);
    for (const m of long) expect(toolNameOf(m.endpoint_id)).toMatch(/_[0-9a-f]{8}$/);
    expect(toolNameOf("fal-ai/flux/dev")).toBe("flux_dev");
    expect(toolNameOf("bria/fibo/generate")).toBe("bria_fibo_generate");
  });

  it("--tools past 40 / 100 / 128 warns at start, naming what Cursor (docs.cursor.com … #tool-quantity), Windsurf (docs.windsurf.com … cascade/mcp) and VS Code (128-tool error) do (issue #17)", () => {
    const out = server.output();
    expect(out).toContain("1300 tools listed (> 40): Cursor sends only the first 40 tools");
    expect(out).toContain("(> 100): Windsurf");
    expect(out).toContain("(> 128): VS Code");
    expect(out).toContain("run_model + get_model_schema");
  });
});

describe("the default nine", () => {
  it("tools/list stays ≤ 2,500 tokens (o200k) with defaults and limits in the descriptions", async () => {
    // Counted as bench/index.ts counts it: the tools/list result as the client receives it.
    const all = tools;
    const nine = JSON.stringify({ tools: all.filter((t) => NINE.includes(t.name)) });
    expect(encode(nine).length).toBeLessThanOrEqual(2500);
    const run = all.find((t) => t.name === "run_model")?.inputSchema.properties;
    expect(run?.max_cost_usd).toMatchObject({ type: "number", minimum: 0 });
    expect(run?.max_cost_usd?.description).toContain("> 0");
    expect(run?.wait_seconds?.description).toContain("1–600");
    const check = all.find((t) => t.name === "check_job");
    expect(check?.inputSchema.properties?.action).toMatchObject({ default: "status", enum: ["status", "result", "cancel"] });
  });
});

describe("client profiles (--schema-profile, or per request: x-schema-profile header / ?schema_profile=)", () => {
  const list = async (headers: Record<string, string>, query = "") => {
    // A pooled keep-alive socket the server just closed (5 s idle) fails once; a fresh one does not.
    const post = () =>
      fetch(`${server.url}${query}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          authorization: `Bearer ${KEY}`,
          ...headers,
        },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
      });
    const res = await post().catch(post);
    return { status: res.status, body: (await res.json()) as { result: { tools: ListedTool[] }; error: { message: string } } };
  };

  it("openai-strict: every object with properties is closed and requires all of them, optional ones nullable (OpenAI Structured Outputs, strict function calling)", async () => {
    const { body } = await list({ "x-schema-profile": "openai-strict" });
    const flux = body.result.tools.find((t) => t.name === "flux_dev")!;
    expect(flux.inputSchema.required).toEqual(Object.keys(flux.inputSchema.properties!));
    expect(flux.inputSchema.additionalProperties).toBe(false);
    expect(flux.inputSchema.properties?.num_inference_steps?.anyOf).toEqual([
      expect.objectContaining({ type: "integer" }),
      { type: "null" },
    ]);
    for (const t of body.result.tools.slice(9))
      for (const [n, p] of nodes(t.inputSchema))
        if (n.properties) {
          expect(n.additionalProperties, `${t.name}${p}`).toBe(false);
          expect(n.required, `${t.name}${p}`).toEqual(Object.keys(n.properties));
        }
  });

  it("openai-strict: a call that sends null for every optional field runs (null read as omitted)", async () => {
    const { body } = await list({}, "?schema_profile=openai-strict");
    const flux = body.result.tools.find((t) => t.name === "flux_dev")!;
    const strict = await connect(`${server.url}?schema_profile=openai-strict`);
    try {
      const args = Object.fromEntries(Object.keys(flux.inputSchema.properties!).map((k) => [k, k === "prompt" ? "a lake" : null]));
      // As in list() and connect(): a pooled socket the server closed after 5 s idle fails once (a socket error, not an answer).
      const call = () => strict.callTool({ name: "flux_dev", arguments: args });
      const r = await call().catch(call);
      expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
      expect((r.structuredContent as { status?: string } | undefined)?.status).toBe("COMPLETED");
    } finally {
      await strict.close();
    }
  });

  it("gemini-openapi: no anyOf, additionalProperties, default, length/pattern keywords; enums of strings only (Gemini's OpenAPI-subset Schema)", async () => {
    const { body } = await list({}, "?schema_profile=gemini-openapi");
    for (const t of body.result.tools)
      for (const [n, p] of nodes(t.inputSchema)) {
        for (const k of ["anyOf", "additionalProperties", "default", "minLength", "maxLength", "pattern", "exclusiveMinimum", "const"])
          expect(k in n, `${t.name}${p}: ${k}`).toBe(false);
        if (n.enum)
          expect(
            n.enum.every((e: unknown) => typeof e === "string"),
            `${t.name}${p}`,
          ).toBe(true);
      }
    const flux = body.result.tools.find((t) => t.name === "flux_dev");
    expect(flux?.inputSchema.properties?.image_size?.description).toContain("Also accepted: one of");
    // Gemini: "properties: should be non-empty for OBJECT type" (lobehub/lobehub#5002, agno-agi/agno#2112);
    // "properties: only allowed for OBJECT type" (anomalyco/opencode#11888).
    for (const t of body.result.tools)
      for (const [n, p] of nodes(t.inputSchema)) {
        // The root stays an object (MCP requires it); a root without properties (a model whose whole input
        // is free-form, e.g. openrouter/router/openai/v1/chat/completions) cannot be said to Gemini.
        if (p === "#") continue;
        if (n.type === "object") expect(Object.keys(n.properties ?? {}).length, `${t.name}${p}`).toBeGreaterThan(0);
        if (n.properties || n.required) expect(n.type, `${t.name}${p}`).toBe("object");
      }
    const run = body.result.tools.find((t) => t.name === "run_model");
    expect(run?.inputSchema.properties?.input).toMatchObject({
      type: "string",
      description: expect.stringContaining("A JSON object, written as a string."),
    });
  });

  it("gemini-openapi: run_model with its input written as a JSON string runs", async () => {
    const gem = await connect(`${server.url}?schema_profile=gemini-openapi`);
    try {
      const r = await gem.callTool({
        name: "run_model",
        arguments: { endpoint_id: "fal-ai/flux/dev", input: JSON.stringify({ prompt: "a lake" }) },
      });
      expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
      expect((r.structuredContent as { status?: string } | undefined)?.status).toBe("COMPLETED");
    } finally {
      await gem.close();
    }
  });

  it("--schema-profile sets the process default (stdio here); a bad value stops the CLI with a sentence", async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, "stdio", "--emulator", "--no-live", "--schema-profile", "openai-strict"],
      env: { ...(process.env as Record<string, string>), FAL_KEY: KEY },
      stderr: "pipe",
    });
    const stdio = new SdkClient({ name: "profile", version: "1" });
    await stdio.connect(transport);
    try {
      const check = (await stdio.listTools()).tools.find((t) => t.name === "check_job")!;
      expect(check.inputSchema).toMatchObject({ additionalProperties: false, required: ["endpoint_id", "request_id", "action"] });
    } finally {
      await stdio.close();
    }
    const bad = spawnSync(process.execPath, [CLI, "serve", "--port", "0", "--schema-profile", "yaml"], {
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--schema-profile: unknown schema profile "yaml"; use one of portable, openai-strict, gemini-openapi');
  });

  it("an unknown profile is refused with a sentence", async () => {
    const { status, body } = await list({ "x-schema-profile": "yaml" });
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/unknown schema profile "yaml"; use one of portable, openai-strict, gemini-openapi/);
  });
});
