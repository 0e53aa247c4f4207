/// <reference lib="dom" />
// Browser code (the viewer, the test host page): the server itself compiles without DOM types.
/**
 * The pieces the viewer's browser test and its benchmark share: a fal emulator process, `fal-mcp
 * serve --emulator` in front of it, the test host page (test/app/host-page.ts bundled with esbuild)
 * served from loopback, and a headless Chromium with that page open.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { build } from "esbuild";
import type { Browser, Frame, Page } from "playwright-core";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { KEY, ROOT, startCli, type Proc } from "../helpers/processes.js";
import { launchChromium } from "../helpers/browser.js";
import type { HostApi } from "./host-page.js";

/** The test host page's global (test/app/host-page.ts). */
interface HostWindow {
  host: HostApi;
}

export const IMAGE_MODEL = "fal-ai/flux/dev";
export const VIDEO_MODEL = "fal-ai/kling-video/v1.5/pro/text-to-video";
/** Runs for SLOW_RUN_MS at the emulator, long enough to see its log lines while it runs. */
export const SLOW_MODEL = "fal-ai/flux/schnell";
export const SLOW_RUN_MS = 4000;

export interface ViewerStack {
  emulator: Proc;
  http: Proc;
  hostUrl: string;
  browser: Browser;
  close(): Promise<void>;
}

/** `queueMs`: how long every job waits IN_QUEUE at the emulator (long enough to press Cancel). */
export async function startViewerStack(queueMs: number): Promise<ViewerStack> {
  const bundle = await build({
    entryPoints: [`${ROOT}test/app/host-page.ts`],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "warning",
  });
  const js = bundle.outputFiles[0]!.text;
  const page = `<!doctype html><html><head><meta charset="utf-8"><title>test host</title><style>body{margin:0;font:14px system-ui}body[data-theme=dark]{background:#111}#stage iframe{display:block;width:420px;height:420px;border:0}</style></head><body><div id="stage"></div><script type="module" src="/host.js"></script></body></html>`;
  const server: Server = createServer((req, res) => {
    if (req.url === "/host.js") res.writeHead(200, { "content-type": "text/javascript" }).end(js);
    else if (req.url === "/") res.writeHead(200, { "content-type": "text/html" }).end(page);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const hostUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const emulator = await startCli([
    "emulator",
    "--port",
    "0",
    "--queue-ms",
    String(queueMs),
    "--run-ms",
    "100",
    "--job-ms",
    `${SLOW_MODEL}=${SLOW_RUN_MS}`,
  ]);
  const http = await startCli(["serve", "--port", "0", "--emulator", "--no-live", "--wait-seconds", "30"], {
    FAL_MCP_EMULATOR_ORIGIN: emulator.url,
  });
  const browser = await launchChromium();
  return {
    emulator,
    http,
    hostUrl,
    browser,
    async close() {
      await browser.close().catch(() => undefined);
      await http.stop();
      await emulator.stop();
      await new Promise((r) => server.close(r));
    },
  };
}

export interface Host {
  page: Page;
  /** The tools the host lists: all of them, and the ones it would show a model. */
  tools: { all: string[]; model: string[] };
  call(name: string, args: Record<string, unknown>): Promise<CallToolResult>;
  /** Renders the view for a tool result; resolves once the view has received it. */
  render(
    name: string,
    args: Record<string, unknown>,
    result: CallToolResult,
    theme?: "light" | "dark",
    onlyFal?: boolean,
  ): Promise<{ t0: number; frame: Frame }>;
  appCalls(): Promise<HostApi["appCalls"]>;
  setContext(theme: "light" | "dark", width?: number): Promise<void>;
}

export async function openHost(stack: ViewerStack): Promise<Host> {
  const page = await stack.browser.newPage({ viewport: { width: 460, height: 760 } });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(stack.hostUrl);
  await page.waitForFunction(() => "host" in window);
  const tools = await page.evaluate(([u, k]) => (window as unknown as HostWindow).host.connect(u, k), [stack.http.url, KEY] as const);
  return {
    page,
    tools,
    call: (name, args) => page.evaluate(([n, a]) => (window as unknown as HostWindow).host.call(n, a), [name, args] as const),
    async render(name, args, result, theme = "light", onlyFal = false) {
      const { t0 } = await page.evaluate(([n, a, r, t, o]) => (window as unknown as HostWindow).host.render(n, a, r, t, o), [
        name,
        args,
        result,
        theme,
        onlyFal,
      ] as const);
      const frame = page.frames().find((f) => f !== page.mainFrame());
      if (!frame) throw new Error(`no view frame${errors.length ? `: ${errors.join("; ")}` : ""}`);
      return { t0, frame };
    },
    appCalls: () => page.evaluate(() => (window as unknown as HostWindow).host.appCalls),
    setContext: (theme, width) =>
      page.evaluate(([t, w]) => (window as unknown as HostWindow).host.setContext(t, w), [theme, width] as const),
  };
}

/** Waits until the view's first image has decoded; returns the wall-clock ms at which it had. */
export async function imageLoaded(frame: Frame, timeout = 30_000): Promise<number> {
  const h = await frame.waitForFunction(
    () => {
      const img = document.querySelector<HTMLImageElement>("[data-testid=image]");
      return img?.complete && img.naturalWidth > 0 ? performance.timeOrigin + performance.now() : false;
    },
    undefined,
    { polling: "raf", timeout },
  );
  return (await h.jsonValue()) as number;
}

/**
 * Waits (briefly) until the host has sized the frame to the view's content, so a screenshot shows all
 * of it. Cosmetic only: sizes are rounded on both sides, and a view that sent no new size is left as is.
 */
export async function settled(host: Host, frame: Frame): Promise<void> {
  const h = await frame.evaluate(() => document.documentElement.scrollHeight);
  await host.page
    .waitForFunction(
      (want) => (document.querySelector<HTMLIFrameElement>("#stage iframe")?.offsetHeight ?? 0) >= Math.min(want, 900) - 2,
      h,
      { timeout: 5000 },
    )
    .catch(() => undefined);
}
