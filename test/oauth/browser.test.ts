/**
 * A real headless Chromium signs in: it opens `/authorize` (from `serve --emulator`, one accepted key),
 * types the key into the password field, submits the plain form (no JavaScript on the page), and
 * lands on the client's loopback redirect URI with `code` and `state`. The page is screenshotted into
 * test-artifacts/ (a copy of each is kept in docs/screenshots/ for review; the test does not rewrite it).
 */
import { mkdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS, browserMissing, launchChromium } from "../helpers/browser.js";
import { KEY, startCli, type Proc } from "../helpers/processes.js";
import { authorizeUrl, leaks, pkce, register, SECRET, tokenRequest } from "./flow.js";

if (browserMissing) console.warn(`oauth browser test skipped: ${browserMissing}`);

let server: Proc;
let callback: Server;
let base = "";
let redirectUri = "";
const arrivals: string[] = [];

beforeAll(async () => {
  if (browserMissing) return;
  server = await startCli(["serve", "--port", "0", "--emulator"], { FAL_EMULATOR_KEYS: KEY, FAL_MCP_TOKEN_SECRET: SECRET });
  base = new URL(server.url).origin;
  // The native client's loopback listener (RFC 8252): records where the browser was sent.
  callback = createServer((req, res) => {
    arrivals.push(req.url ?? "");
    res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>Signed in</title><p>You can close this window.</p>");
  });
  await new Promise<void>((r) => callback.listen(0, "127.0.0.1", r));
  redirectUri = `http://127.0.0.1:${(callback.address() as AddressInfo).port}/callback`;
});
afterAll(async () => {
  await server?.stop();
  callback?.close();
  if (server) expect(leaks(server.output(), KEY)).toBe(false);
});

describe.skipIf(Boolean(browserMissing))("sign-in page in Chromium", () => {
  it("types the key, submits, and lands on the redirect URI with code and state", async () => {
    const clientId = await register(base, [redirectUri], "Claude Code (test)");
    const { verifier, challenge } = pkce();
    await using browser = await launchChromium();
    const page = await browser.newPage({ javaScriptEnabled: false });
    await page.goto(authorizeUrl(base, { clientId, redirectUri, challenge, state: "browser-state-7" }));
    await expect(page.locator("h1").textContent()).resolves.toContain("Connect to fal");
    await expect(page.locator(".who").textContent()).resolves.toContain("Claude Code (test)");
    await expect(page.locator(".who").textContent()).resolves.toContain(new URL(redirectUri).host);
    await expect(page.locator(".who").textContent()).resolves.toContain("not verified");
    await page.fill("#fal_key", KEY);
    mkdirSync(ARTIFACTS, { recursive: true });
    const shot = join(ARTIFACTS, "oauth-sign-in.png");
    await page.screenshot({ path: shot, fullPage: true });
    await Promise.all([
      page.waitForURL((u) => u.toString().startsWith(redirectUri), { timeout: 20_000 }),
      page.click("button[type=submit]"),
    ]);

    const landed = new URL(page.url());
    expect(landed.origin + landed.pathname).toBe(redirectUri);
    expect(landed.searchParams.get("state")).toBe("browser-state-7");
    expect(landed.searchParams.get("iss")).toBe(base);
    const code = landed.searchParams.get("code")!;
    expect(code).toBeTruthy();
    expect(arrivals.some((a) => a.includes(encodeURIComponent(code)) || a.includes(code))).toBe(true);
    expect(leaks(page.url(), KEY)).toBe(false);

    // The code the browser carried is good for a token.
    const t = await tokenRequest(base, {
      grant_type: "authorization_code",
      code,
      code_verifier: verifier,
      redirect_uri: redirectUri,
      client_id: clientId,
    });
    expect(t.status, t.text).toBe(200);
    expect(t.body?.access_token).toBeTruthy();
  });

  it("a refused key is shown on the page, and the browser stays there", async () => {
    const clientId = await register(base, [redirectUri]);
    await using browser = await launchChromium();
    const page = await browser.newPage({ javaScriptEnabled: false });
    await page.goto(authorizeUrl(base, { clientId, redirectUri, challenge: pkce().challenge }));
    await page.fill("#fal_key", "not-id:not-the-secret");
    await Promise.all([page.waitForLoadState("load"), page.click("button[type=submit]")]);
    await expect(page.locator(".err").textContent()).resolves.toContain("fal refused this key");
    expect(new URL(page.url()).origin).toBe(base);
    expect(await page.content()).not.toContain("not-the-secret");
    await page.screenshot({ path: join(ARTIFACTS, "oauth-sign-in-refused.png"), fullPage: true });
  });
});
