/**
 * One helper wires each scenario over both transports: the real MCP SDK client, over stateless
 * Streamable HTTP to a `fal-mcp serve` process and over stdio to a `fal-mcp stdio` process, both
 * pointed at one fal emulator process.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { CLI, KEY, startCli, type Proc } from "../helpers/processes.js";

export interface Wired {
  name: "http" | "stdio";
  client: Client;
}

export interface Stack {
  emulator: Proc;
  http: Proc;
  transports: Wired[];
  /** Everything the server processes printed (to scan for the key). */
  logs(): string;
  close(): Promise<void>;
}

/** `key: null` connects with no Authorization header at all. */
export async function httpClient(url: string, key: string | null = KEY): Promise<Client> {
  const client = new Client({ name: "e2e", version: "1" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: key ? { authorization: `Bearer ${key}` } : {} } }),
  );
  return client;
}

export async function startStack(extraArgs: string[] = [], env: Record<string, string> = {}): Promise<Stack> {
  const emulator = await startCli([
    "emulator",
    "--port",
    "0",
    "--queue-ms",
    "50",
    "--run-ms",
    "150",
    "--job-ms",
    "fal-ai/kling-video/*=2500",
  ]);
  const falEnv = {
    FAL_API_URL: `${emulator.url}/v1`,
    FAL_QUEUE_URL: `${emulator.url}/queue`,
    FAL_RUN_URL: `${emulator.url}/run`,
    FAL_REST_URL: `${emulator.url}/rest`,
    FAL_MCP_EMULATOR_ORIGIN: emulator.url,
    ...env,
  };
  const http = await startCli(["serve", "--port", "0", "--emulator", "--wait-seconds", "20", ...extraArgs], falEnv);
  let stderr = "";
  const stdioTransport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, "stdio", "--emulator", "--wait-seconds", "20", ...extraArgs],
    env: { ...(process.env as Record<string, string>), ...falEnv, FAL_KEY: KEY },
    stderr: "pipe",
  });
  stdioTransport.stderr?.on("data", (d) => (stderr += d));
  const stdio = new Client({ name: "e2e", version: "1" });
  await stdio.connect(stdioTransport);
  const transports: Wired[] = [
    { name: "http", client: await httpClient(http.url) },
    { name: "stdio", client: stdio },
  ];
  return {
    emulator,
    http,
    transports,
    logs: () => http.output() + stderr,
    close: async () => {
      for (const t of transports) await t.client.close().catch(() => undefined);
      await http.stop();
      await emulator.stop();
    },
  };
}

/** A list whose first row the tests read directly (an empty list fails the assertion at run time). */
export type Rows<T> = T[] & { 0: T };

/** One model in a search_models answer. */
export interface ModelRow {
  endpoint_id: string;
  name: string;
  category: string;
  description: string;
}
/** One recommend_model entry (more than the declared output schema lists). */
export interface Recommendation {
  endpoint_id: string;
  why: string;
  category: string;
  key_parameters: string[];
  tip: string;
  price: string;
}
/** One field of a get_model_schema answer. */
export interface FieldRow {
  name: string;
  type: string;
  required: boolean;
  enum?: unknown[];
  default?: unknown;
  min?: number;
  max?: number;
  description?: string;
}
/** One get_pricing row. */
export interface PriceRow {
  endpoint_id: string;
  unit_price: number;
  unit: string;
  explanation: string;
  source: string;
  as_of: string;
}

/**
 * structuredContent as these tests read it: every field some tool sets, across tools (the declared
 * output schemas in generated/tools.ts list fewer, and most are optional there). A test reads only the
 * fields of the tool it called; a field the server did not send is undefined at run time and the
 * assertion on it fails, which is what the test wants.
 */
export interface Structured {
  [field: string]: unknown;
  models: Rows<ModelRow>;
  total_shown: number;
  has_more: boolean;
  source: string;
  catalog_as_of: string;
  understood: { category: string };
  recommendations: Rows<Recommendation>;
  endpoint_id: string;
  input: Rows<FieldRow>;
  output: Rows<FieldRow>;
  openapi_resource: string;
  prices: Rows<PriceRow>;
  results: Rows<{ title: string; url: string }>;
  status: string;
  request_id: string;
  logs: string[];
  result: Record<string, unknown> & { images: Rows<{ url: string }> };
  media: Rows<{ url: string; content_type?: string }>;
  next_step: string;
  ignored_fields: string[];
  defaults_applied: Record<string, unknown>;
  cdn_url: string;
  file_name: string;
  size_bytes: number;
  content_type: string;
}

/** What callTool answers. */
export interface Called {
  result: CallToolResult;
  structured: Structured;
  text: string;
  isError: boolean;
}

/** Structured content and text of a tool result, failing loudly on a protocol error. */
export async function callTool(
  client: Client,
  name: string,
  args: Record<string, unknown>,
  opts: Parameters<Client["callTool"]>[2] = {},
): Promise<Called> {
  const r = (await client.callTool({ name, arguments: args }, undefined, opts)) as CallToolResult;
  const text = (r.content ?? []).flatMap((c) => (c.type === "text" ? [c.text] : [])).join("\n");
  return { result: r, structured: r.structuredContent as Structured, text, isError: Boolean(r.isError) };
}

/** The text of one resource content (a blob has none: ""). */
export function textOf(content: object | undefined): string {
  return content && "text" in content && typeof content.text === "string" ? content.text : "";
}

/** The part of a model's OpenAPI document the tests read. */
export interface OpenApiDoc {
  info: { "x-fal-metadata": { endpointId: string } };
}
