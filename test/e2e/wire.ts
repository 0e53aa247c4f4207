/**
 * One helper wires each scenario over both transports: the real MCP SDK client, over stateless
 * Streamable HTTP to a `fal-mcp serve` process and over stdio to a `fal-mcp stdio` process, both
 * pointed at one fal emulator process.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
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
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: key ? { authorization: `Bearer ${key}` } : {} } }));
  return client;
}

export async function startStack(extraArgs: string[] = [], env: Record<string, string> = {}): Promise<Stack> {
  const emulator = await startCli(["emulator", "--port", "0", "--queue-ms", "50", "--run-ms", "150", "--job-ms", "fal-ai/kling-video/*=2500"]);
  const falEnv = {
    FAL_API_URL: `${emulator.url}/v1`, FAL_QUEUE_URL: `${emulator.url}/queue`, FAL_RUN_URL: `${emulator.url}/run`, FAL_REST_URL: `${emulator.url}/rest`,
    FAL_MCP_EMULATOR_ORIGIN: emulator.url, ...env,
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

/** Structured content and text of a tool result, failing loudly on a protocol error. */
export async function callTool(client: Client, name: string, args: Record<string, unknown>, opts: Parameters<Client["callTool"]>[2] = {}) {
  const r: any = await client.callTool({ name, arguments: args }, undefined, opts);
  const text = (r.content ?? []).filter((c: any) => c.type === "text").map((c: any) => c.text).join("\n");
  return { result: r, structured: r.structuredContent as any, text, isError: Boolean(r.isError) };
}
