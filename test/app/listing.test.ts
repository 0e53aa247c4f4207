/**
 * MCP Apps, for clients with and without the extension, over both transports (real CLI processes,
 * real SDK clients): a client that does not announce `io.modelcontextprotocol/ui` gets the same tools
 * and resources as before the viewer existed, apart from `_meta`; one that announces it also gets the
 * app-only tool, which a host following the extension keeps out of the model's tool list.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult, ClientCapabilities, TextContent, Tool } from "@modelcontextprotocol/sdk/types.js";
import { getToolUiResourceUri, isToolVisibilityAppOnly } from "@modelcontextprotocol/ext-apps/app-bridge";
import { EXTENSION_ID as LIB_EXTENSION_ID, RESOURCE_MIME_TYPE } from "@modelcontextprotocol/ext-apps/server";
import { toolDefinitions } from "../../generated/tool-definitions.js";
import { buildModelTools } from "../../src/server/model-tools.js";
import { APP_MIME, EXTENSION_ID, JOB_TOOL, UI_SESSION_PREFIX, VIEWER_URI } from "../../src/app/ui.js";
import { CLI, KEY, startCli, type Proc } from "../helpers/processes.js";

const MODEL = "fal-ai/flux/dev";
const UI_CAPS = { extensions: { [EXTENSION_ID]: { mimeTypes: [APP_MIME] } } };

let emulator: Proc;
let http: Proc;
let falEnv: Record<string, string>;
const clients: Client[] = [];

beforeAll(async () => {
  emulator = await startCli(["emulator", "--port", "0", "--queue-ms", "20", "--run-ms", "50"]);
  falEnv = { FAL_MCP_EMULATOR_ORIGIN: emulator.url };
  http = await startCli(["serve", "--port", "0", "--emulator", "--no-live", "--tools", MODEL], falEnv);
});
afterAll(async () => {
  for (const c of clients) await c.close().catch(() => undefined);
  await http?.stop();
  await emulator?.stop();
});

async function connect(transport: "http" | "stdio", ui: boolean) {
  const client = new Client({ name: "listing-test", version: "1" }, ui ? { capabilities: UI_CAPS as ClientCapabilities } : {});
  const t =
    transport === "http"
      ? new StreamableHTTPClientTransport(new URL(http.url), { requestInit: { headers: { authorization: `Bearer ${KEY}` } } })
      : new StdioClientTransport({
          command: process.execPath,
          args: [CLI, "stdio", "--emulator", "--no-live", "--tools", MODEL],
          env: { ...(process.env as Record<string, string>), ...falEnv, FAL_KEY: KEY },
        });
  await client.connect(t);
  clients.push(client);
  return { client, sessionId: t instanceof StreamableHTTPClientTransport ? t.sessionId : undefined };
}

const stripMeta = ({ _meta, ...t }: Tool) => t;

/** What the server listed before the viewer existed: the nine generated tools and the per-model tool. */
async function baseline(): Promise<Tool[]> {
  const model = await buildModelTools([MODEL]);
  return [...Object.values(toolDefinitions), ...model.map((m) => m.definition)] as unknown as Tool[];
}

it("uses the extension's own identifiers", () => {
  expect(EXTENSION_ID).toBe(LIB_EXTENSION_ID);
  expect(APP_MIME).toBe(RESOURCE_MIME_TYPE);
});

describe.each(["http", "stdio"] as const)("over %s", (transport) => {
  it("a client without the extension: exactly the tools and resources of before (even _meta), no session", async () => {
    const { client, sessionId } = await connect(transport, false);
    const { tools } = await client.listTools();
    expect(tools).toEqual(await baseline());
    expect(tools.some((t) => t.name === JOB_TOOL || t._meta)).toBe(false);
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri)).toEqual(["fal://catalog"]);
    expect(sessionId).toBeUndefined();
  });

  it("a client with the extension: the app-only tool too, which the host hides from the model", async () => {
    const plain = (await (await connect(transport, false)).client.listTools()).tools;
    const { client, sessionId } = await connect(transport, true);
    const { tools } = await client.listTools();
    const job = tools.find((t) => t.name === JOB_TOOL);
    expect(job?._meta?.ui).toEqual({ resourceUri: VIEWER_URI, visibility: ["app"] });
    expect(isToolVisibilityAppOnly(job!)).toBe(true);
    // The model's tool list, as a host following the extension builds it, is what other clients get,
    // apart from _meta: the viewer is declared on the tools whose results it shows.
    const forModel = tools.filter((t) => !isToolVisibilityAppOnly(t));
    expect(forModel.map(stripMeta)).toEqual(plain);
    const declared = forModel.filter((t) => getToolUiResourceUri(t) === VIEWER_URI).map((t) => t.name);
    expect(declared.sort()).toEqual(["check_job", plain.at(-1)!.name, "run_model", "submit_job"].sort());
    const { resources } = await client.listResources();
    expect(resources.find((r) => r.uri === VIEWER_URI)?.mimeType).toBe(APP_MIME);
    if (transport === "http") expect(sessionId?.startsWith(UI_SESSION_PREFIX)).toBe(true);
  });

  it("serves the viewer: one HTML document, the app MIME type, a CSP for fal's CDN and the emulator", async () => {
    const { client } = await connect(transport, false);
    const { contents } = await client.readResource({ uri: VIEWER_URI });
    const c = contents[0] as {
      uri: string;
      mimeType: string;
      text: string;
      _meta: { ui: { csp: { resourceDomains: string[]; connectDomains: string[] } } };
    };
    expect(c.mimeType).toBe(APP_MIME);
    expect(c.text.startsWith("<!doctype html>")).toBe(true);
    expect(Buffer.byteLength(c.text)).toBeLessThanOrEqual(300 * 1024);
    // Self-contained: no external script, stylesheet or other network asset in the document itself.
    expect(c.text).not.toMatch(/<script[^>]+src=|<link[^>]+href=/i);
    expect(c._meta.ui.csp.resourceDomains).toEqual(["https://fal.media", "https://*.fal.media", emulator.url]);
    expect(c._meta.ui.csp.connectDomains).toEqual([]);
  });

  it("the app-only tool follows a submitted job to its media and answers bad input with a sentence", async () => {
    const { client } = await connect(transport, true);
    const sub = await client.callTool({ name: "submit_job", arguments: { endpoint_id: MODEL, input: { prompt: "a lake" } } });
    const rid = (sub.structuredContent as { request_id: string }).request_id;
    let r: CallToolResult | undefined;
    for (let i = 0; i < 50; i++) {
      r = (await client.callTool({ name: JOB_TOOL, arguments: { endpoint_id: MODEL, request_id: rid } })) as CallToolResult;
      if (r.structuredContent?.status === "COMPLETED") break;
      await new Promise((res) => setTimeout(res, 100));
    }
    const job = r?.structuredContent as { status: string; media: { url: string }[] } | undefined;
    expect(job?.status).toBe("COMPLETED");
    expect(job?.media[0]?.url).toMatch(new RegExp(`^${emulator.url}/files/`));
    const bad = await client.callTool({ name: JOB_TOOL, arguments: { endpoint_id: MODEL, request_id: "../../etc" } });
    expect(bad.isError).toBe(true);
    expect((bad.content as TextContent[])[0]?.text).toMatch(/^Invalid arguments for check_job: request_id: /);
  });
});

it("a stateless HTTP request that carries the extension's session id is answered the same by the fast path and the SDK path", async () => {
  const { createFetchHandler } = await import("../../src/transports/http/handler.js");
  const { emulatorUrls } = await import("../../src/emulator/urls.js");
  const { createUrlGuard } = await import("../../src/net/guard.js");
  const opts = {
    urls: emulatorUrls(emulator.url),
    mode: "hosted" as const,
    guard: createUrlGuard({ exemptOrigins: [emulator.url] }),
    liveCatalog: false,
    localOnly: true,
  };
  const [fast, sdk] = await Promise.all([createFetchHandler(opts), createFetchHandler({ ...opts, fastPath: false })]);
  const list = async (h: (r: Request) => Promise<Response>, session?: string) =>
    (await (
      await h(
        new Request("http://127.0.0.1/mcp", {
          method: "POST",
          headers: {
            host: "127.0.0.1",
            authorization: `Bearer ${KEY}`,
            "content-type": "application/json",
            accept: "application/json, text/event-stream",
            ...(session ? { "mcp-session-id": session } : {}),
          },
          body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
        }),
      )
    ).json()) as { result: { tools: Tool[] } };
  const session = `${UI_SESSION_PREFIX}x`;
  expect(await list(fast, session)).toEqual(await list(sdk, session));
  expect((await list(fast, session)).result.tools.map((t: Tool) => t.name)).toContain(JOB_TOOL);
  expect(await list(fast)).toEqual(await list(sdk));
  expect((await list(fast)).result.tools.map((t: Tool) => t.name)).not.toContain(JOB_TOOL);
});
