/**
 * Every per-model tool of the full catalog (1,291) called once through the real MCP SDK client (which
 * validates `structuredContent` against each tool's outputSchema, as Claude Desktop and the Agent SDK
 * do) against the real emulator, with minimal valid arguments built only from the published portable
 * input schema. Plus fixtures: results as fal sends them, omitting a field that has a default and
 * adding fields the spec does not list (issue #17: `bria_fibo_generate`, `fal-ai_lcm` failed with
 * -32602 "Structured content does not match the tool's output schema").
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import type { JsonSchemaType } from "@modelcontextprotocol/sdk/validation/types.js";
import { startEmulator, type Emulator } from "../../src/emulator/server.js";
import { startCli, type Proc } from "../helpers/processes.js";
import { httpClient } from "../e2e/wire.js";
import { NINE } from "./rules.js";

type Json = Record<string, unknown>;
/** The JSON Schema keywords `minimal` reads. */
interface Schema {
  anyOf?: Schema[];
  default?: unknown;
  enum?: unknown[];
  type?: string;
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  minItems?: number;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  format?: string;
  description?: string | undefined;
}
let emu: Emulator;
let server: Proc;
let client: Client;
let tools: Tool[];

/** What fal really sends back for these models: a defaulted field left out, unknown fields added. */
const FIXTURES: Record<string, Json> = {
  // Image.content_type has a default ("image/jpeg") and is not required by fal's spec: fal may omit it.
  "fal-ai/flux/dev": {
    images: [{ url: "https://v3.fal.media/files/lion/x.jpeg", width: 1024, height: 768, nsfw_score: 0.01 }],
    // A 64-bit seed as JSON.parse holds it (the nearest double).
    timings: { inference: 1.2 },
    seed: Number("12345678901234567890"),
    has_nsfw_concepts: [false],
    prompt: "a lake",
    billing_units: 1.5,
  },
  "bria/fibo/generate": {
    image: { url: "https://v3.fal.media/files/b/x.png" },
    structured_prompt: { added_by_fal: true },
    new_top_level_field: [1, 2],
  },
  "fal-ai/lcm": {
    images: [{ url: "https://v3.fal.media/files/l/x.jpeg", width: 512, height: 512 }],
    timings: {},
    seed: 1,
    num_inference_steps: 4,
    nsfw_content_detected: [false],
    request_id_extra: "x",
  },
};

/** The smallest arguments a client could write from the schema it was shown. */
function minimal(s: Schema, base: string, name = ""): unknown {
  if (Array.isArray(s.anyOf) && s.anyOf.length) return minimal({ ...s.anyOf[0], description: s.description }, base, name);
  if (s.default !== undefined) return s.default;
  if (Array.isArray(s.enum)) return s.enum[0];
  switch (s.type) {
    case "object": {
      const out: Json = {};
      for (const k of s.required ?? []) out[k] = minimal(s.properties?.[k] ?? {}, base, k);
      return out;
    }
    case "array":
      return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => minimal(s.items ?? { type: "string" }, base, name));
    case "string":
      if (/\bbase64\b/.test(s.description ?? "")) return "AAAA";
      if (/url|image|video|audio|file|mask/i.test(name) || s.format === "uri")
        return `${base}/files/sample/${/video/i.test(name) ? "video.mp4" : /audio|speech|voice/i.test(name) ? "audio.wav" : "image.png"}`;
      return "x".repeat(Math.max(1, s.minLength ?? 1));
    case "integer":
    case "number": {
      const exclusive = typeof s.minimum === "number" && String(s.description ?? "").includes(`> ${s.minimum}`);
      let v = typeof s.minimum === "number" ? s.minimum + (exclusive ? 1 : 0) : 1;
      if (typeof s.maximum === "number" && v > s.maximum) v = typeof s.minimum === "number" ? (s.minimum + s.maximum) / 2 : s.maximum;
      return s.type === "integer" ? Math.ceil(v) : v;
    }
    case "boolean":
      return false;
    default:
      return "x";
  }
}

beforeAll(async () => {
  emu = await startEmulator({ port: 0, queueMs: 0, runMs: 0, outputs: FIXTURES, maxJobs: 100_000 });
  server = await startCli(["serve", "--port", "0", "--emulator", "--no-live", "--tools", "all", "--wait-seconds", "30"], {
    FAL_MCP_EMULATOR_ORIGIN: emu.url,
  });
  client = await httpClient(server.url);
  // Listing first: the SDK client then validates every call's structuredContent against its outputSchema.
  tools = (await client.listTools()).tools.filter((t) => !NINE.includes(t.name));
}, 120_000);
afterAll(async () => {
  await client?.close();
  await server?.stop();
  await emu?.close();
});

const idOf = (t: Tool) => /\(([\w.-]+\/[^,()\s]+), /.exec(t.description ?? "")![1]!;

describe("every per-model tool answers within its own output schema", () => {
  it("all 1,291 per-model tools, called once with minimal arguments, complete and pass the SDK client's output validation", async () => {
    expect(tools.length).toBe(1291);
    const failures: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < tools.length) {
        const t = tools[next++]!;
        try {
          const call = () => client.callTool({ name: t.name, arguments: minimal(t.inputSchema as Schema, emu.url) as Json });
          // A keep-alive socket closed by the server at the very moment it is reused fails with "fetch
          // failed" before any request is made: that (only) is retried once.
          const r = await call().catch((e) => (/fetch failed/.test(String(e?.message)) ? call() : Promise.reject(e)));
          if (r.isError || (r.structuredContent as { status?: string } | undefined)?.status !== "COMPLETED")
            failures.push(`${t.name}: ${JSON.stringify(r.content).slice(0, 300)}`);
        } catch (e) {
          failures.push(`${t.name}: ${(e as Error).message.slice(0, 300)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect(failures.slice(0, 15), `${failures.length} of ${tools.length} failed`).toEqual([]);
  }, 300_000);
});

describe("fixtures: fal's result omits a defaulted field or adds unknown ones", () => {
  it.each(Object.keys(FIXTURES))("%s: the recorded result passes the client's output validation and arrives intact", async (id) => {
    const t = tools.find((x) => idOf(x) === id)!;
    const r = await client.callTool({ name: t.name, arguments: minimal(t.inputSchema as Schema, emu.url) as Json });
    expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
    expect((r.structuredContent as { result?: unknown } | undefined)?.result).toEqual(FIXTURES[id]);
  });

  it("the fixtures would fail the schemas published before (closed objects, defaulted fields required)", async () => {
    // What the tool advertised before issue #17: Zod's output-side JSON Schema of fal-ai/flux/dev.
    const { z } = await import("zod");
    const mod = await import("../../generated/models/fal-ai__flux__dev.js");
    const old = z.toJSONSchema(mod.output, { io: "output", unrepresentable: "any" }) as Json;
    const { AjvJsonSchemaValidator } = await import("@modelcontextprotocol/sdk/validation/ajv-provider.js");
    const check = new AjvJsonSchemaValidator().getValidator(old as JsonSchemaType);
    expect(check(FIXTURES["fal-ai/flux/dev"]).valid).toBe(false);
    const now = tools.find((x) => idOf(x) === "fal-ai/flux/dev")!.outputSchema?.properties?.result;
    expect(new AjvJsonSchemaValidator().getValidator(now as JsonSchemaType)(FIXTURES["fal-ai/flux/dev"]).valid).toBe(true);
  });
});
