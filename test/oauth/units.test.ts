/**
 * The parts under the endpoints, called directly: secret rotation, purpose separation, redirect rules,
 * limits parsing, and Client ID Metadata Documents through the SSRF guard. The guard gets an injected
 * resolver (so private answers are tested without traffic) and, for the happy path, an injected fetch
 * standing in for the client's public https host; nothing here opens a connection.
 */
import { describe, expect, it } from "vitest";
import { createClientStore } from "../../src/transports/http/oauth/clients.js";
import { parseLimitsForm } from "../../src/transports/http/oauth/limits.js";
import { redirectMatches, redirectProblem } from "../../src/transports/http/oauth/redirects.js";
import { createSealer, parseSecrets } from "../../src/transports/http/oauth/seal.js";
import { createUrlGuard } from "../../src/net/guard.js";

const A = "a:" + "A".repeat(40);
const B = "b:" + "B".repeat(40);
const where = { audience: "https://mcp.example/mcp", issuer: "https://mcp.example" };

describe("secrets and sealing", () => {
  it("rotation: the first secret seals, every listed one opens; a dropped one no longer does", async () => {
    const old = createSealer(await parseSecrets(A));
    const token = await old.seal("access", { k: "x" }, { ttlSeconds: 60, ...where });
    const rotated = createSealer(await parseSecrets(`${B},${A}`));
    expect((await rotated.open("access", token, where)).k).toBe("x");
    const fresh = await rotated.seal("access", { k: "y" }, { ttlSeconds: 60, ...where });
    expect(JSON.parse(Buffer.from(fresh.split(".")[0]!, "base64url").toString()).kid).toBe("b");
    await expect(createSealer(await parseSecrets(B)).open("access", token, where)).rejects.toThrow(/not a token issued by this server/);
  });

  it("purposes are separate keys: a refresh token never opens as an access token", async () => {
    const s = createSealer(await parseSecrets(A));
    const refresh = await s.seal("refresh", { k: "x" }, { ttlSeconds: 60, ...where });
    await expect(s.open("access", refresh, where)).rejects.toThrow();
    expect((await s.open("refresh", refresh, where)).k).toBe("x");
  });

  it("bare secrets get a derived key id; short, empty and duplicate ids are refused with a sentence", async () => {
    const [one] = await parseSecrets("x".repeat(40));
    expect(one!.kid).toMatch(/^k[0-9a-f]{10}$/);
    expect(one!.kid).not.toContain("xxxx");
    await expect(parseSecrets("tooshort")).rejects.toThrow(/at least 32 characters/);
    await expect(parseSecrets(" , ")).rejects.toThrow(/empty/);
    await expect(parseSecrets(`${A},${A}`)).rejects.toThrow(/used twice/);
  });
});

describe("redirect URIs", () => {
  it("allows https, loopback http and native app schemes; refuses the rest", () => {
    for (const ok of [
      "https://claude.ai/api/mcp/auth_callback",
      "http://127.0.0.1:8976/cb",
      "http://[::1]/cb",
      "http://localhost:3000/cb",
      "cursor://anysphere.cursor-mcp/oauth/callback",
      "com.example.app:/oauth2redirect",
    ])
      expect(redirectProblem(ok), ok).toBeUndefined();
    for (const bad of [
      "javascript:alert(1)",
      "JAVASCRIPT:alert(1)",
      "data:text/html,x",
      "vbscript:x",
      "file:///etc/passwd",
      "http://example.com/cb",
      "https://a.example/cb#x",
      "https://u:p@a.example/",
      "/relative",
      "",
    ])
      expect(redirectProblem(bad), bad).toBeDefined();
  });

  it("matches exactly, except the port of a loopback http URI", () => {
    expect(redirectMatches(["https://a.example/cb"], "https://a.example/cb")).toBe(true);
    expect(redirectMatches(["https://a.example/cb"], "https://a.example/cb/")).toBe(false);
    expect(redirectMatches(["https://a.example/cb"], "https://a.example:444/cb")).toBe(false);
    expect(redirectMatches(["http://127.0.0.1/cb"], "http://127.0.0.1:5555/cb")).toBe(true);
    expect(redirectMatches(["http://127.0.0.1/cb"], "http://localhost:5555/cb")).toBe(false);
    expect(redirectMatches(["http://127.0.0.1/cb"], "http://127.0.0.1:5555/cb?x=1")).toBe(false);
  });
});

describe("limits from the form", () => {
  it("parses, and says what is wrong", () => {
    expect(parseLimitsForm(new URLSearchParams("read_only=on&models=fal-ai/flux/*,+fal-ai/kling-video/*&max_cost_usd=0.5"))).toEqual({
      ok: true,
      limits: { readOnly: true, models: ["fal-ai/flux/*", "fal-ai/kling-video/*"], maxCostUsd: 0.5 },
    });
    expect(parseLimitsForm(new URLSearchParams(""))).toEqual({ ok: true, limits: {} });
    expect(parseLimitsForm(new URLSearchParams("max_cost_usd=-1"))).toMatchObject({ ok: false, message: expect.stringMatching(/above 0/) });
    expect(parseLimitsForm(new URLSearchParams("models=<x>"))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/not a model id pattern/),
    });
  });
});

describe("client id metadata documents", () => {
  const sealer = createSealer([{ kid: "a", secret: "A".repeat(40) }]);
  const doc = {
    client_id: "https://client.example/oauth/metadata.json",
    client_name: "Example Client",
    redirect_uris: ["https://client.example/cb"],
  };

  it("are fetched once through the guard, checked, and cached", async () => {
    let fetches = 0;
    const guard = createUrlGuard({
      resolver: async () => ["93.184.216.34"],
      fetch: (async (u: URL | string) => {
        fetches++;
        expect(String(u)).toBe(doc.client_id);
        return new Response(JSON.stringify(doc), { headers: { "content-type": "application/json" } });
      }) as typeof fetch,
      maxBytes: 16 * 1024,
    });
    const store = createClientStore({ sealer, guard });
    const c = await store.resolve(doc.client_id, "https://mcp.example");
    expect(c).toMatchObject({ client_name: "Example Client", redirect_uris: ["https://client.example/cb"], cimd: true });
    await store.resolve(doc.client_id, "https://mcp.example");
    expect(fetches).toBe(1);
  });

  it("are refused when the name resolves to a private or metadata address (never fetched)", async () => {
    for (const addr of ["10.0.0.5", "169.254.169.254", "127.0.0.1", "::1", "fd00::1", "::ffff:192.168.1.1"]) {
      const guard = createUrlGuard({
        resolver: async () => [addr],
        fetch: (async () => {
          throw new Error("must not fetch");
        }) as typeof fetch,
      });
      await expect(createClientStore({ sealer, guard }).resolve(doc.client_id, "https://mcp.example"), addr).rejects.toThrow(
        /private, loopback, link-local or reserved/,
      );
    }
  });

  it("a refusal is remembered for a minute: the same bad URL is not fetched again at once", async () => {
    let fetches = 0;
    const guard = createUrlGuard({
      resolver: async () => ["93.184.216.34"],
      maxBytes: 16 * 1024,
      fetch: (async () => {
        fetches++;
        return new Response("nope", { status: 404 });
      }) as typeof fetch,
    });
    const store = createClientStore({ sealer, guard });
    for (let i = 0; i < 3; i++) await expect(store.resolve(doc.client_id, "https://m")).rejects.toThrow(/HTTP 404/);
    expect(fetches).toBe(1);
  });

  it("are refused when they do not name themselves, are too big, or carry bad redirect URIs", async () => {
    const serve = (body: string) =>
      createClientStore({
        sealer,
        guard: createUrlGuard({
          resolver: async () => ["93.184.216.34"],
          maxBytes: 16 * 1024,
          fetch: (async () => new Response(body)) as typeof fetch,
        }),
      });
    await expect(
      serve(JSON.stringify({ ...doc, client_id: "https://other.example/x" })).resolve(doc.client_id, "https://m"),
    ).rejects.toThrow(/does not name its own URL/);
    await expect(serve("x".repeat(20_000)).resolve(doc.client_id, "https://m")).rejects.toThrow(/byte limit/);
    await expect(
      serve(JSON.stringify({ ...doc, redirect_uris: ["javascript:alert(1)"] })).resolve(doc.client_id, "https://m"),
    ).rejects.toThrow(/javascript/);
    await expect(serve("not json").resolve(doc.client_id, "https://m")).rejects.toThrow(/not JSON/);
  });
});
