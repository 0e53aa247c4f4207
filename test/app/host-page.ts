/// <reference lib="dom" />
// Browser code (the viewer, the test host page): the server itself compiles without DOM types.
/**
 * A minimal MCP Apps host for the browser test, bundled by esbuild at test time: a real SDK client
 * over Streamable HTTP that announces the extension, and an ext-apps `AppBridge` per rendered view.
 * It does what the extension asks of hosts: reads the `ui://` resource named by the tool's `_meta`,
 * enforces the resource's CSP on the sandboxed frame, keeps app-only tools out of the model's list,
 * and lets the view call only tools whose visibility includes "app".
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult, ClientCapabilities, Tool } from "@modelcontextprotocol/sdk/types.js";
import { AppBridge, PostMessageTransport, getToolUiResourceUri, isToolVisibilityAppOnly } from "@modelcontextprotocol/ext-apps/app-bridge";

let client: Client;
let tools: Tool[] = [];
let bridge: AppBridge | undefined;
/** Every tools/call the view made, for the test to see (no model is involved in these). */
const appCalls: { name: string; arguments: Record<string, unknown> | undefined }[] = [];

async function connect(url: string, key: string) {
  client = new Client(
    { name: "viewer-test-host", version: "1" },
    { capabilities: { extensions: { "io.modelcontextprotocol/ui": { mimeTypes: ["text/html;profile=mcp-app"] } } } as ClientCapabilities },
  );
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${key}` } } }));
  tools = (await client.listTools()).tools;
  return { all: tools.map((t) => t.name), model: tools.filter((t) => !isToolVisibilityAppOnly(t)).map((t) => t.name) };
}

const call = (name: string, args: Record<string, unknown>) => client.callTool({ name, arguments: args }) as Promise<CallToolResult>;

/** The CSP a host builds from `_meta.ui.csp` (the extension's restrictive default plus the declared origins). */
function cspOf(csp: { resourceDomains?: string[]; connectDomains?: string[] } | undefined): string {
  const res = (csp?.resourceDomains ?? []).join(" ");
  const conn = (csp?.connectDomains ?? []).join(" ") || "'none'";
  return `default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob: ${res}; media-src data: blob: ${res}; font-src data: ${res}; connect-src ${conn}; frame-src 'none'; base-uri 'none'`;
}

/** `onlyFal`: enforce a CSP that lists fal's CDN only (to show the CSP is what lets the emulator's media in). */
async function render(name: string, args: Record<string, unknown>, result: CallToolResult, theme: "light" | "dark", onlyFal = false) {
  const tool = tools.find((t) => t.name === name);
  const uri = tool && getToolUiResourceUri(tool);
  if (!uri) throw new Error(`${name} declares no UI resource`);
  const { contents } = await client.readResource({ uri });
  const c = contents[0] as {
    text: string;
    mimeType: string;
    _meta?: { ui?: { csp?: { resourceDomains?: string[]; connectDomains?: string[] } } };
  };
  if (c.mimeType !== "text/html;profile=mcp-app") throw new Error(`unexpected MIME ${c.mimeType}`);
  const csp = onlyFal ? { resourceDomains: ["https://fal.media", "https://*.fal.media"] } : c._meta?.ui?.csp;
  const html = c.text.replace("<head>", `<head><meta http-equiv="Content-Security-Policy" content="${cspOf(csp)}">`);
  if (bridge) await bridge.teardownResource({}).catch(() => undefined);
  document.body.dataset.theme = theme;
  // Wall-clock ms (time origin + now), comparable with the same reading taken inside the frame.
  const t0 = performance.timeOrigin + performance.now();
  const frame = document.createElement("iframe");
  frame.setAttribute("sandbox", "allow-scripts");
  frame.title = "fal media viewer";
  frame.srcdoc = html;
  document.getElementById("stage")!.replaceChildren(frame);
  const b = new AppBridge(
    null,
    { name: "viewer-test-host", version: "1" },
    { serverTools: {}, openLinks: {}, logging: {} },
    { hostContext: { theme, displayMode: "inline", platform: "web" } },
  );
  bridge = b;
  b.oncalltool = async (params) => {
    const t = tools.find((x) => x.name === params.name);
    const visibility = (t?._meta?.ui as { visibility?: string[] } | undefined)?.visibility ?? ["model", "app"];
    if (!t || !visibility.includes("app")) throw new Error(`${params.name} is not callable by the view`);
    appCalls.push({ name: params.name, arguments: params.arguments });
    return client.callTool(params) as Promise<CallToolResult>;
  };
  b.onopenlink = async () => ({});
  b.onsizechange = ({ height }) => {
    if (height) frame.style.height = `${Math.min(height, 900)}px`;
  };
  const initialized = new Promise<void>((r) => (b.oninitialized = () => r()));
  await b.connect(new PostMessageTransport(frame.contentWindow!, frame.contentWindow!));
  await initialized;
  await b.sendToolInput({ arguments: args });
  await b.sendToolResult(result);
  return { t0 };
}

/** The host switching theme or pane width while the view is shown (ui/notifications/host-context-changed). */
function setContext(theme: "light" | "dark", width?: number) {
  document.body.dataset.theme = theme;
  if (width) document.querySelector<HTMLIFrameElement>("#stage iframe")!.style.width = `${width}px`;
  bridge?.setHostContext({ theme, displayMode: "inline", platform: "web", ...(width ? { containerDimensions: { maxWidth: width } } : {}) });
}

const host = { connect, call, render, appCalls, setContext };
/** What the page puts on `window.host`, for the Node side to type its page.evaluate calls. */
export type HostApi = typeof host;
Object.assign(window, { host });
