/**
 * The MCP App media viewer: its size (one self-contained HTML document, budget 300 KB) and its first
 * render in headless Chromium — from the host creating the frame to the first image of a real
 * run_model result decoded — through the same host page and stack as test/app/viewer.browser.test.ts.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { browserMissing } from "../test/helpers/browser.js";
import { IMAGE_MODEL, imageLoaded, openHost, startViewerStack } from "../test/app/harness.js";

const ROOT = new URL("..", import.meta.url).pathname;
const RENDERS = 9;

export async function viewerBench(): Promise<[string, string, string][]> {
  const html = readFileSync(join(ROOT, "dist/viewer/viewer.html"));
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const rows: [string, string, string][] = [
    [
      "viewer HTML (scripts and styles inlined)",
      `${kb(html.length)} (gzip ${kb(gzipSync(html).length)})`,
      `≤ 300 KB: ${html.length <= 300 * 1024 ? "met" : "MISSED"}`,
    ],
  ];
  if (browserMissing) return [...rows, ["first render in Chromium", `not measured: ${browserMissing}`, ""]];
  const stack = await startViewerStack(0);
  try {
    const host = await openHost(stack);
    const args = { endpoint_id: IMAGE_MODEL, input: { prompt: "a lake" } };
    const result = await host.call("run_model", args);
    const times: number[] = [];
    for (let i = 0; i < RENDERS; i++) {
      const { t0, frame } = await host.render("run_model", args, result);
      times.push((await imageLoaded(frame)) - t0);
    }
    times.sort((a, b) => a - b);
    rows.push([
      `first render: frame created → image decoded, median of ${RENDERS}`,
      `${times[RENDERS >> 1]!.toFixed(0)} ms (min ${times[0]!.toFixed(0)}, max ${times.at(-1)!.toFixed(0)})`,
      "",
    ]);
  } finally {
    await stack.close();
  }
  return rows;
}
