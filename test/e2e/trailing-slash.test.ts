/**
 * "/mcp/" is "/mcp": users paste the endpoint with a slash and clients add one (claude-code#52871,
 * vercel/ai#13988); the OAuth resource indicator may carry it too. Real node:http server, sign-in on.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { RunningHttp } from "../../src/transports/http/node.js";
import { startOfflineServer } from "../helpers/offline.js";
import { authorizeUrl, pkce, register } from "../oauth/flow.js";

let http: RunningHttp;
let base: string;

beforeAll(async () => {
  http = await startOfflineServer({ oauth: { secrets: [{ kid: "t", secret: "T".repeat(40) }] } });
  base = http.url.replace(/\/mcp$/, "");
});
afterAll(() => http?.close(0));

it("serves POST /mcp/ and the metadata paths with a trailing slash", async () => {
  const r = await fetch(`${base}/mcp/`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      authorization: "Bearer slash-id:slash-secret",
    },
    body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}',
  });
  expect(r.status).toBe(200);
  expect(((await r.json()) as { result: { tools: unknown[] } }).result.tools.length).toBeGreaterThan(0);
  for (const p of ["/.well-known/oauth-protected-resource/mcp/", "/.well-known/oauth-authorization-server/"])
    expect((await fetch(`${base}${p}`)).status, p).toBe(200);
});

it("accepts the resource indicator with one trailing slash, and still refuses another resource", async () => {
  const redirectUri = "http://127.0.0.1:9/callback";
  const clientId = await register(base, [redirectUri]);
  const { challenge } = pkce();
  const page = await fetch(authorizeUrl(base, { clientId, redirectUri, challenge, resource: `${base}/mcp/` }), { redirect: "manual" });
  expect(page.status).toBe(200);
  expect(await page.text()).toMatch(/<form/);
  const other = await fetch(authorizeUrl(base, { clientId, redirectUri, challenge, resource: `${base}/other` }), { redirect: "manual" });
  expect(other.status).toBe(303);
  expect(other.headers.get("location")).toMatch(/error=invalid_target/);
});
