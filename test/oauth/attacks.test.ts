/**
 * Attacks on sign-in against a real `serve --emulator` process, each refused with the right OAuth
 * error and nothing leaked. Forged artefacts are sealed by the test with the server's own code
 * (src/transports/http/oauth/seal.ts) and the same or another secret, as an attacker who knew or guessed one would.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSealer, parseSecrets } from "../../src/transports/http/oauth/seal.js";
import { KEY, startCli, type Proc } from "../helpers/processes.js";
import {
  authorizeUrl,
  leaks,
  mcpCall,
  OTHER_SECRET,
  pkce,
  register,
  SECRET,
  signIn,
  signInForCode,
  tokenRequest,
  tokensFor,
} from "./flow.js";

let server: Proc;
let base = "";
const observed: string[] = [];
const RU = "http://127.0.0.1:9/callback";

beforeAll(async () => {
  server = await startCli(["serve", "--port", "0", "--emulator"], { FAL_EMULATOR_KEYS: KEY, FAL_MCP_TOKEN_SECRET: SECRET });
  base = new URL(server.url).origin;
});
afterAll(async () => {
  await server?.stop();
  expect(leaks(server.output(), KEY)).toBe(false);
  for (const s of observed) expect(leaks(s, KEY)).toBe(false);
});

/** A call to /mcp with this bearer must be a 401 invalid_token naming the metadata, and leak nothing. */
async function expectInvalidToken(bearer: string, why: RegExp) {
  const r = await mcpCall(base, bearer, "tools/list");
  observed.push(r.text, r.wwwAuthenticate ?? "");
  expect(r.status).toBe(401);
  expect(r.wwwAuthenticate).toContain(`resource_metadata="${base}/.well-known/oauth-protected-resource/mcp"`);
  expect(r.wwwAuthenticate).toContain('error="invalid_token"');
  expect(JSON.parse(r.text).error.message).toMatch(why);
}

const claims = { k: KEY, l: {}, cid: "x" };

describe("tokens", () => {
  it("a good token works (the baseline the attacks below differ from)", async () => {
    const { access } = await tokensFor(base, KEY);
    const r = await mcpCall(base, access, "tools/list");
    expect(r.status).toBe(200);
  });

  it("tampered: one character of the ciphertext changed", async () => {
    const { access } = await tokensFor(base, KEY);
    const parts = access.split(".");
    const c = parts[3]!;
    parts[3] = c.slice(0, 5) + (c[5] === "A" ? "B" : "A") + c.slice(6);
    await expectInvalidToken(parts.join("."), /not a token issued by this server/);
  });

  it("expired", async () => {
    const sealer = createSealer(await parseSecrets(SECRET));
    const t = await sealer.seal("access", claims, { ttlSeconds: -60, audience: `${base}/mcp`, issuer: base });
    await expectInvalidToken(t, /expired/);
  });

  it("wrong audience (a token for another MCP server)", async () => {
    const sealer = createSealer(await parseSecrets(SECRET));
    const t = await sealer.seal("access", claims, { ttlSeconds: 600, audience: "https://other.example/mcp", issuer: base });
    await expectInvalidToken(t, /another resource/);
  });

  it("sealed with another secret (same key id, and another key id)", async () => {
    for (const secret of [OTHER_SECRET, OTHER_SECRET.replace("k1:", "k2:")]) {
      const sealer = createSealer(await parseSecrets(secret));
      const t = await sealer.seal("access", claims, { ttlSeconds: 600, audience: `${base}/mcp`, issuer: base });
      await expectInvalidToken(t, /not a token issued by this server/);
    }
  });

  it("a refresh token (or a code, or a client id) used as an access token", async () => {
    const t = await tokensFor(base, KEY);
    await expectInvalidToken(t.refresh, /not a token issued by this server/);
    await expectInvalidToken(t.code, /not a token issued by this server/);
    await expectInvalidToken(t.clientId, /not a token issued by this server/);
  });

  it("an access token used as a refresh token", async () => {
    const t = await tokensFor(base, KEY);
    const r = await tokenRequest(base, { grant_type: "refresh_token", refresh_token: t.access, client_id: t.clientId });
    observed.push(r.text);
    expect(r.status).toBe(400);
    expect(r.body?.error).toBe("invalid_grant");
  });
});

describe("codes", () => {
  async function codeFor(redirectUri = RU) {
    const clientId = await register(base, [redirectUri, "http://127.0.0.1:9/other"]);
    const p = pkce();
    const code = await signInForCode(base, KEY, { clientId, redirectUri, challenge: p.challenge });
    return { clientId, code, ...p };
  }

  it("wrong PKCE verifier", async () => {
    const c = await codeFor();
    const r = await tokenRequest(base, {
      grant_type: "authorization_code",
      code: c.code,
      code_verifier: pkce().verifier,
      redirect_uri: RU,
      client_id: c.clientId,
    });
    observed.push(r.text);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error: "invalid_grant" });
    expect(r.body?.error_description).toMatch(/code_verifier does not match/);
  });

  it("no verifier at all", async () => {
    const c = await codeFor();
    const r = await tokenRequest(base, { grant_type: "authorization_code", code: c.code, redirect_uri: RU, client_id: c.clientId });
    expect(r.status).toBe(400);
    expect(r.body?.error).toBe("invalid_request");
  });

  it("plain PKCE (and no PKCE) are refused at /authorize, back to the client with invalid_request", async () => {
    const clientId = await register(base, [RU]);
    for (const method of ["plain", ""]) {
      const page = await fetch(authorizeUrl(base, { clientId, redirectUri: RU, challenge: pkce().challenge, method }), {
        redirect: "manual",
      });
      expect(page.status).toBe(303);
      const back = new URL(page.headers.get("location")!);
      expect(back.origin + back.pathname).toBe(RU);
      expect(back.searchParams.get("error")).toBe("invalid_request");
      expect(back.searchParams.get("error_description")).toMatch(/S256/);
      expect(back.searchParams.get("code")).toBeNull();
    }
  });

  it("a code redeemed by another client", async () => {
    const c = await codeFor();
    const thief = await register(base, [RU]);
    const r = await tokenRequest(base, {
      grant_type: "authorization_code",
      code: c.code,
      code_verifier: c.verifier,
      redirect_uri: RU,
      client_id: thief,
    });
    expect(r.status).toBe(400);
    expect(r.body?.error).toBe("invalid_grant");
    expect(r.body?.error_description).toMatch(/another client/);
  });

  it("a code redeemed with another redirect URI (even one the client registered)", async () => {
    const c = await codeFor();
    const r = await tokenRequest(base, {
      grant_type: "authorization_code",
      code: c.code,
      code_verifier: c.verifier,
      redirect_uri: "http://127.0.0.1:9/other",
      client_id: c.clientId,
    });
    expect(r.status).toBe(400);
    expect(r.body?.error).toBe("invalid_grant");
    expect(r.body?.error_description).toMatch(/redirect_uri/);
  });

  it("a code for another resource, and an expired code", async () => {
    const c = await codeFor();
    const wrongRes = await tokenRequest(base, {
      grant_type: "authorization_code",
      code: c.code,
      code_verifier: c.verifier,
      redirect_uri: RU,
      client_id: c.clientId,
      resource: "https://other.example/mcp",
    });
    expect(wrongRes.body?.error).toBe("invalid_target");
    const sealer = createSealer(await parseSecrets(SECRET));
    const old = await sealer.seal(
      "code",
      { cid: c.clientId, ru: RU, cc: c.challenge, k: KEY, l: {} },
      { ttlSeconds: -60, audience: base, issuer: base },
    );
    const r = await tokenRequest(base, {
      grant_type: "authorization_code",
      code: old,
      code_verifier: c.verifier,
      redirect_uri: RU,
      client_id: c.clientId,
    });
    expect(r.body?.error).toBe("invalid_grant");
    expect(r.body?.error_description).toMatch(/expired/);
  });

  it("an unknown grant type", async () => {
    const r = await tokenRequest(base, { grant_type: "password", client_id: "x", username: "a", password: "b" });
    expect(r.body?.error).toBe("unsupported_grant_type");
  });
});

describe("redirect URIs and clients", () => {
  it("an unregistered redirect URI gets an error page, never a redirect", async () => {
    const clientId = await register(base, [RU]);
    for (const evil of ["https://evil.example/steal", "http://127.0.0.1:9/callback/../x", "javascript:alert(1)", "data:text/html,hi"]) {
      const page = await fetch(authorizeUrl(base, { clientId, redirectUri: evil, challenge: pkce().challenge }), { redirect: "manual" });
      expect(page.status, evil).toBe(400);
      expect(page.headers.get("location")).toBeNull();
      const html = await page.text();
      expect(html).toContain("not one this client registered");
      expect(html).not.toContain("<script");
    }
  });

  it("javascript:, data:, non-loopback http and fragment redirect URIs cannot be registered", async () => {
    for (const uri of [
      "javascript:alert(1)",
      "data:text/html,x",
      "http://evil.example/cb",
      "https://ok.example/cb#frag",
      "file:///etc/passwd",
      "https://user:pw@ok.example/cb",
    ]) {
      const r = await fetch(`${base}/register`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ redirect_uris: [uri] }),
      });
      expect(r.status, uri).toBe(400);
      expect(((await r.json()) as { error: string }).error).toBe("invalid_redirect_uri");
    }
  });

  it("a loopback redirect matches on any port (RFC 8252); anything else must match exactly", async () => {
    const clientId = await register(base, ["http://127.0.0.1/callback"]);
    const ok = await fetch(authorizeUrl(base, { clientId, redirectUri: "http://127.0.0.1:53117/callback", challenge: pkce().challenge }), {
      redirect: "manual",
    });
    expect(ok.status).toBe(200);
    const bad = await fetch(
      authorizeUrl(base, { clientId, redirectUri: "http://127.0.0.1:53117/callback2", challenge: pkce().challenge }),
      { redirect: "manual" },
    );
    expect(bad.status).toBe(400);
  });

  it("a client id metadata document at a private or metadata address is never fetched", async () => {
    for (const cid of [
      "https://169.254.169.254/latest/client.json",
      "https://127.0.0.1/client.json",
      "https://[::1]/c.json",
      "https://10.1.2.3/c.json",
    ]) {
      const page = await fetch(authorizeUrl(base, { clientId: cid, redirectUri: RU, challenge: pkce().challenge }), { redirect: "manual" });
      expect(page.status, cid).toBe(400);
      expect(page.headers.get("location")).toBeNull();
      expect(await page.text()).toMatch(/could not be fetched: .*(private|loopback|link-local|reserved)/);
    }
  });

  it("a client id this server never issued", async () => {
    const page = await fetch(authorizeUrl(base, { clientId: "made-up-client", redirectUri: RU, challenge: pkce().challenge }), {
      redirect: "manual",
    });
    expect(page.status).toBe(400);
    expect(await page.text()).toContain("was not issued by this server");
  });

  it("oversized and malformed registration bodies", async () => {
    const post = (body: string, type = "application/json") =>
      fetch(`${base}/register`, { method: "POST", headers: { "content-type": type }, body });
    const huge = await post(JSON.stringify({ redirect_uris: [RU], client_name: "x".repeat(40_000) }));
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { error: string }).error).toBe("invalid_client_metadata");
    for (const [body, type] of [
      ["{not json", "application/json"],
      ["[]", "application/json"],
      ['{"redirect_uris":"x"}', "application/json"],
      ['{"redirect_uris":[]}', "application/json"],
      ["redirect_uris=x", "application/x-www-form-urlencoded"],
      [JSON.stringify({ redirect_uris: [RU], grant_types: ["client_credentials"] }), "application/json"],
      [JSON.stringify({ redirect_uris: Array(11).fill(RU) }), "application/json"],
    ] as const) {
      const r = await post(body, type);
      expect(r.status, body).toBe(400);
      const j = (await r.json()) as { error: string; error_description: string };
      expect(["invalid_client_metadata", "invalid_redirect_uri"], body).toContain(j.error);
      expect(j.error_description).toMatch(/\w+ \w+/);
    }
  });
});

describe("the sign-in form", () => {
  it("refuses a post without this browser's cookie (CSRF), or from another site", async () => {
    const clientId = await register(base, [RU]);
    const page = await fetch(authorizeUrl(base, { clientId, redirectUri: RU, challenge: pkce().challenge }));
    const html = await page.text();
    const form = /name="form" value="([^"]+)"/.exec(html)![1]!;
    const cookie = page.headers.get("set-cookie")!.split(";")[0]!;
    const post = (headers: Record<string, string>) =>
      fetch(`${base}/authorize`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
        body: new URLSearchParams({ form, fal_key: KEY }).toString(),
      });
    const noCookie = await post({});
    expect(noCookie.status).toBe(403);
    expect(noCookie.headers.get("location")).toBeNull();
    const crossSite = await post({ cookie, "sec-fetch-site": "cross-site" });
    expect(crossSite.status).toBe(403);
    const otherOrigin = await post({ cookie, origin: "https://evil.example" });
    expect(otherOrigin.status).toBe(403);
    const forged = await fetch(`${base}/authorize`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie },
      body: new URLSearchParams({ form: "forged", fal_key: KEY }).toString(),
    });
    expect(forged.status).toBe(400);
  });

  it("the page is never framed, loads nothing from elsewhere and is not cached", async () => {
    const clientId = await register(base, [RU], "<script>alert(1)</script>");
    const page = await fetch(authorizeUrl(base, { clientId, redirectUri: RU, challenge: pkce().challenge }));
    const csp = page.headers.get("content-security-policy")!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'none'");
    expect(page.headers.get("x-frame-options")).toBe("DENY");
    expect(page.headers.get("cache-control")).toBe("no-store");
    const html = await page.text();
    expect(html).not.toContain("<script>");
    expect(html).toContain("&#60;script&#62;");
    expect(html).not.toMatch(/(src|href)="https?:/);
  });

  it("a wrong key is refused with a sentence and the key is not echoed", async () => {
    const clientId = await register(base, [RU]);
    const r = await signIn(authorizeUrl(base, { clientId, redirectUri: RU, challenge: pkce().challenge }), "wrong-id:wrong-secret-value");
    expect(r.status).toBe(200);
    expect(r.html).toContain("fal refused this key");
    expect(r.html).not.toContain("wrong-secret-value");
  });
});

describe("discovery", () => {
  it("serves RFC 9728 and RFC 8414 metadata with what MCP clients need", async () => {
    for (const p of ["/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp"]) {
      const prm: unknown = await (await fetch(base + p)).json();
      expect(prm).toMatchObject({ resource: `${base}/mcp`, authorization_servers: [base] });
    }
    const as = (await (await fetch(`${base}/.well-known/oauth-authorization-server`)).json()) as {
      grant_types_supported: string[];
      token_endpoint_auth_methods_supported: string[];
    };
    expect(as).toMatchObject({
      issuer: base,
      authorization_endpoint: `${base}/authorize`,
      token_endpoint: `${base}/token`,
      registration_endpoint: `${base}/register`,
      code_challenge_methods_supported: ["S256"],
      client_id_metadata_document_supported: true,
    });
    expect(as.grant_types_supported).toContain("refresh_token");
    expect(as.token_endpoint_auth_methods_supported).toContain("none");
  });
});
