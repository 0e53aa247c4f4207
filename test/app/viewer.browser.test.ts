/// <reference lib="dom" />
// Browser code (the viewer, the test host page): the server itself compiles without DOM types.
/**
 * The viewer in a real headless Chromium, inside a host built on ext-apps' AppBridge (test/app/
 * host-page.ts), its HTML read over MCP from a running `fal-mcp serve --emulator`, fed real tool
 * results: an image that decodes, a video whose player has its metadata, a submitted job the view
 * follows to its media through the app-only tool, and a queued job it cancels.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS, browserMissing } from "../helpers/browser.js";
import {
  IMAGE_MODEL,
  SLOW_MODEL,
  VIDEO_MODEL,
  imageLoaded,
  openHost,
  settled,
  startViewerStack,
  type Host,
  type ViewerStack,
} from "./harness.js";

// Every emulator job waits this long in the queue: time enough to press Cancel, little enough for a test.
const QUEUE_MS = 2500;

describe.skipIf(browserMissing)(`the media viewer in Chromium${browserMissing ? ` (skipped: ${browserMissing})` : ""}`, () => {
  let stack: ViewerStack;
  let host: Host;
  beforeAll(async () => {
    stack = await startViewerStack(QUEUE_MS);
    host = await openHost(stack);
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => stack?.close());

  it("the host lists the app-only tool but keeps it from the model", () => {
    expect(host.tools.all).toContain("viewer_job");
    expect(host.tools.model).not.toContain("viewer_job");
    expect(host.tools.model).toContain("run_model");
  });

  it("shows a run_model image: it decodes under the resource's CSP, with model, request id and cost; click opens it full size", async () => {
    const args = { endpoint_id: IMAGE_MODEL, input: { prompt: "a lake at dawn" } };
    const result = await host.call("run_model", args);
    expect(result.structuredContent?.status).toBe("COMPLETED");
    const { frame } = await host.render("run_model", args, result, "light");
    await imageLoaded(frame);
    const sizes = await frame.$$eval("[data-testid=image]", (imgs) => (imgs as HTMLImageElement[]).map((i) => i.naturalWidth));
    expect(sizes.length).toBe((result.structuredContent!.media as unknown[]).length);
    expect(sizes.length).toBeGreaterThan(0);
    expect(sizes.every((w) => w > 0)).toBe(true);
    expect(await frame.textContent("[data-testid=model]")).toBe(IMAGE_MODEL);
    expect(await frame.textContent("[data-testid=request-id]")).toBe(result.structuredContent!.request_id);
    // The estimate comes from get_pricing, called by the view with the call's own input.
    await frame.waitForSelector("[data-testid=cost]");
    expect(await frame.textContent("[data-testid=cost]")).toMatch(/\$\d/);
    await settled(host, frame);
    await host.page.screenshot({ path: join(ARTIFACTS, "viewer-image.png") });
    await frame.click("[data-testid=image] >> nth=0");
    await frame.waitForSelector("[data-testid=lightbox] img");
    expect(await frame.$eval("[data-testid=lightbox] img", (i) => (i as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
  });

  it("shows a run_model video in a player that has its metadata (dark theme)", async () => {
    const args = { endpoint_id: VIDEO_MODEL, input: { prompt: "waves on a beach" } };
    const result = await host.call("run_model", args);
    expect(result.structuredContent?.status).toBe("COMPLETED");
    const { frame } = await host.render("run_model", args, result, "dark");
    await frame.waitForFunction(
      () => {
        const v = document.querySelector<HTMLVideoElement>("[data-testid=video]");
        return v && v.readyState >= 1 && v.videoWidth > 0 && v.duration > 0;
      },
      undefined,
      { timeout: 30_000 },
    );
    expect(
      await frame.$eval("[data-testid=video]", (v) => [(v as HTMLVideoElement).videoWidth, (v as HTMLVideoElement).duration > 0]),
    ).toEqual([64, true]);
    expect(await frame.evaluate(() => document.documentElement.getAttribute("data-theme"))).toBe("dark");
    await settled(host, frame);
    await host.page.screenshot({ path: join(ARTIFACTS, "viewer-video.png") });
  });

  it("follows a pending submit_job result to the finished image through the app-only tool alone", async () => {
    const args = { endpoint_id: IMAGE_MODEL, input: { prompt: "a fox" } };
    const result = await host.call("submit_job", args);
    expect(result.structuredContent?.status).toBe("IN_QUEUE");
    const before = (await host.appCalls()).length;
    const { frame } = await host.render("submit_job", args, result, "light");
    await frame.waitForSelector("[data-testid=progress]");
    expect(await frame.textContent("[data-testid=status]")).toMatch(/^Queued/);
    await settled(host, frame);
    await host.page.screenshot({ path: join(ARTIFACTS, "viewer-pending.png") });
    await imageLoaded(frame);
    const calls = (await host.appCalls()).slice(before).filter((c) => c.name === "viewer_job");
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((c) => c.arguments?.request_id === result.structuredContent!.request_id)).toBe(true);
  });

  it("shows a running job's latest log line while it runs", async () => {
    const args = { endpoint_id: SLOW_MODEL, input: { prompt: "slowly" } };
    const result = await host.call("submit_job", args);
    const { frame } = await host.render("submit_job", args, result, "light");
    await frame.waitForFunction(
      () =>
        document.querySelector("[data-testid=status]")?.textContent === "Running" &&
        /^(Loading|Step \d\/4)/.test(document.querySelector("[data-testid=log]")?.textContent ?? ""),
      undefined,
      { timeout: 30_000 },
    );
    await settled(host, frame);
    await host.page.screenshot({ path: join(ARTIFACTS, "viewer-running.png") });
    await imageLoaded(frame);
  });

  it("Cancel cancels a queued job", async () => {
    const args = { endpoint_id: IMAGE_MODEL, input: { prompt: "never mind" } };
    const result = await host.call("submit_job", args);
    const rid = result.structuredContent!.request_id as string;
    const { frame } = await host.render("submit_job", args, result, "light");
    await frame.click("[data-testid=cancel]");
    await frame.waitForFunction(() => document.querySelector("[data-testid=status]")?.textContent === "Cancelled");
    expect(
      (await host.appCalls()).some((c) => c.name === "viewer_job" && c.arguments?.action === "cancel" && c.arguments?.request_id === rid),
    ).toBe(true);
    // fal's side agrees: the job was removed from the queue.
    const check = await host.call("check_job", { endpoint_id: IMAGE_MODEL, request_id: rid, action: "result" });
    expect(check.isError || check.structuredContent?.status !== "COMPLETED").toBe(true);
  });

  it("follows the host's theme when it changes, and fits a narrow pane", async () => {
    const args = { endpoint_id: IMAGE_MODEL, input: { prompt: "a narrow pane" } };
    const result = await host.call("run_model", args);
    const { frame } = await host.render("run_model", args, result, "light");
    await imageLoaded(frame);
    const look = () =>
      frame.evaluate(() => ({
        theme: document.documentElement.getAttribute("data-theme"),
        bg: getComputedStyle(document.body).backgroundColor,
        overflow: document.documentElement.scrollWidth > document.documentElement.clientWidth,
      }));
    const light = await look();
    await host.setContext("dark", 240);
    await frame.waitForFunction(() => document.documentElement.getAttribute("data-theme") === "dark");
    // The host applies the theme and the pane's width in separate steps: wait for both before looking.
    await frame.waitForFunction(() => innerWidth === 240, undefined, { timeout: 10_000 }).catch(() => undefined);
    const dark = await look();
    expect(light.theme).toBe("light");
    expect(dark.bg).not.toBe(light.bg);
    expect(await frame.evaluate(() => innerWidth)).toBe(240);
    expect(dark.overflow).toBe(false);
    await settled(host, frame);
    await host.page.screenshot({ path: join(ARTIFACTS, "viewer-narrow-dark.png") });
  });

  it("the resource's CSP is what lets the emulator's media in: without its origin the image is refused and a link shows instead", async () => {
    const args = { endpoint_id: IMAGE_MODEL, input: { prompt: "blocked" } };
    const result = await host.call("run_model", args);
    const { frame } = await host.render("run_model", args, result, "light", true);
    await frame.waitForSelector("text=The image could not be loaded here");
    expect(await frame.$$("[data-testid=image]")).toHaveLength(0);
    expect(await frame.getAttribute(".note a", "href")).toBe((result.structuredContent!.media as { url: string }[])[0]!.url);
  });

  it("shows a tool error as its sentence", async () => {
    const args = { endpoint_id: "fal-ai/no-such-model", input: {} };
    const result = await host.call("run_model", args);
    expect(result.isError).toBe(true);
    const { frame } = await host.render("run_model", args, result, "light");
    await frame.waitForSelector("[data-testid=error]");
    expect(await frame.textContent("[data-testid=error]")).toBe((result.content[0] as { text: string }).text);
  });
});
