/**
 * A real headless Chromium for the browser-facing tests (sign-in page, MCP App viewer), driven by
 * playwright-core against Debian's `chromium` package. `.ci/run` installs it, so CI never skips; on a
 * machine without it, `browserMissing` says how to install it and the tests report themselves skipped.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Why browser tests cannot run here, or undefined when they can. */
export const browserMissing: string | undefined = existsSync(CHROMIUM)
  ? undefined
  : `no Chromium at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH)`;

/** Where tests keep screenshots for a reviewer to open (ignored by git). */
export const ARTIFACTS = join(process.cwd(), "test-artifacts");

/**
 * Launch Chromium headless with the flags this network needs: without the background-networking
 * flags it keeps trying to reach Google's hosts, which this machine refuses. Playwright gives each
 * launch a fresh temporary profile of its own.
 */
export async function launchChromium(): Promise<Browser & { [Symbol.asyncDispose](): Promise<void> }> {
  if (browserMissing) throw new Error(browserMissing);
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return Object.assign(browser, {
    async [Symbol.asyncDispose]() {
      await browser.close().catch(() => undefined);
    },
  });
}
