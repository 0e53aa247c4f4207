/**
 * The MCP SDK client's own OAuth support (`@modelcontextprotocol/sdk/client/auth.js`) against
 * `serve --emulator`, whose fal emulator accepts exactly one key: a model call succeeds only when the
 * token really carries that key. Discovery, registration, PKCE, code, token, refresh: all the SDK's.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { auth, UnauthorizedError, type OAuthClientProvider } from "@modelcontextprotocol/sdk/client/auth.js";
import type { OAuthClientInformationMixed, OAuthTokens } from "@modelcontextprotocol/sdk/shared/auth.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KEY, startCli, type Proc } from "../helpers/processes.js";
import { authorizeUrl, leaks, mcpCall, pkce, register, SECRET, signIn, tokensFor } from "./flow.js";

let server: Proc;
let base = "";
const seen: string[] = [];

beforeAll(async () => {
  server = await startCli(["serve", "--port", "0", "--emulator", "--wait-seconds", "20"], {
    FAL_EMULATOR_KEYS: KEY,
    FAL_MCP_TOKEN_SECRET: SECRET,
  });
  base = new URL(server.url).origin;
});
afterAll(async () => {
  await server?.stop();
  // Nothing the server printed, no URL it sent a browser to, holds the key.
  expect(leaks(server.output(), KEY)).toBe(false);
  for (const s of seen) expect(leaks(s, KEY)).toBe(false);
});

/** An in-memory client as the SDK expects it; "redirecting" signs in over HTTP like a user would. */
class MemoryProvider implements OAuthClientProvider {
  info: OAuthClientInformationMixed | undefined;
  saved: OAuthTokens | undefined;
  verifier = "";
  authorizationUrl: URL | undefined;
  constructor(readonly redirect = "http://127.0.0.1:9/callback") {}
  get redirectUrl() {
    return this.redirect;
  }
  get clientMetadata() {
    return {
      client_name: "SDK test client",
      redirect_uris: [this.redirect],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    };
  }
  state() {
    return "sdk-state-42";
  }
  clientInformation() {
    return this.info;
  }
  saveClientInformation(i: OAuthClientInformationMixed) {
    this.info = i;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(t: OAuthTokens) {
    this.saved = t;
  }
  redirectToAuthorization(u: URL) {
    this.authorizationUrl = u;
    seen.push(u.toString());
  }
  saveCodeVerifier(v: string) {
    this.verifier = v;
  }
  codeVerifier() {
    return this.verifier;
  }
}

async function connected(provider: MemoryProvider) {
  const client = new Client({ name: "oauth-e2e", version: "1" });
  await client.connect(new StreamableHTTPClientTransport(new URL(server.url), { authProvider: provider }));
  return client;
}

async function signInWithSdk(provider: MemoryProvider, key: string) {
  const transport = new StreamableHTTPClientTransport(new URL(server.url), { authProvider: provider });
  const client = new Client({ name: "oauth-e2e", version: "1" });
  // No token yet: the SDK discovers, registers and "redirects" (to our provider), then gives up.
  await expect(client.connect(transport)).rejects.toBeInstanceOf(UnauthorizedError);
  const url = provider.authorizationUrl!;
  expect(url.origin).toBe(base);
  expect(url.searchParams.get("code_challenge_method")).toBe("S256");
  expect(url.searchParams.get("resource")).toBe(`${base}/mcp`);
  const r = await signIn(url.toString(), key);
  seen.push(r.location ?? "", r.html);
  expect(r.status, r.html).toBe(303);
  const back = new URL(r.location!);
  expect(back.origin + back.pathname).toBe(provider.redirect);
  expect(back.searchParams.get("state")).toBe("sdk-state-42");
  expect(back.searchParams.get("iss")).toBe(base);
  await transport.finishAuth(back.searchParams.get("code")!);
  return provider.saved!;
}

describe("SDK OAuth client, end to end", () => {
  it("signs in, runs a model with the token's key, and again after a refresh", async () => {
    const provider = new MemoryProvider();
    const tokens = await signInWithSdk(provider, KEY);
    expect(tokens.token_type).toBe("Bearer");
    expect(tokens.refresh_token).toBeTruthy();
    for (const t of [tokens.access_token, tokens.refresh_token!, String(provider.info!.client_id)]) {
      expect(leaks(t, KEY)).toBe(false);
      // Encrypted, not merely signed: no part of the token decodes to the key.
      for (const part of t.split(".")) expect(leaks(Buffer.from(part, "base64url").toString("latin1"), KEY)).toBe(false);
    }

    const client = await connected(provider);
    const run = await client.callTool({
      name: "run_model",
      arguments: { endpoint_id: "fal-ai/flux/dev", input: { prompt: "a lighthouse at dusk" } },
    });
    expect(run.isError, JSON.stringify(run)).toBeFalsy();
    expect((run.structuredContent as { status?: string } | undefined)?.status).toBe("COMPLETED");
    await client.close();

    // The SDK refreshes when it holds a refresh token: a new access token, and it works.
    const before = provider.saved!.access_token;
    expect(await auth(provider, { serverUrl: server.url })).toBe("AUTHORIZED");
    expect(provider.saved!.access_token).not.toBe(before);
    const again = await connected(provider);
    const run2 = await again.callTool({
      name: "run_model",
      arguments: { endpoint_id: "fal-ai/flux/schnell", input: { prompt: "a red kite" } },
    });
    expect(run2.isError, JSON.stringify(run2)).toBeFalsy();
    expect((run2.structuredContent as { status?: string } | undefined)?.status).toBe("COMPLETED");
    await again.close();
  });

  it("refuses a key fal refuses: the page says so and no code is issued", async () => {
    const provider = new MemoryProvider();
    const transport = new StreamableHTTPClientTransport(new URL(server.url), { authProvider: provider });
    await expect(new Client({ name: "x", version: "1" }).connect(transport)).rejects.toBeInstanceOf(UnauthorizedError);
    const r = await signIn(provider.authorizationUrl!.toString(), "other-id:other-secret");
    expect(r.status).toBe(200);
    expect(r.location).toBeNull();
    expect(r.html).toContain("fal refused this key");
    expect(r.html).not.toContain("other-secret");
  });

  it("raw fal keys keep working next to sign-in", async () => {
    const ok = await mcpCall(base, KEY, "tools/call", {
      name: "run_model",
      arguments: { endpoint_id: "fal-ai/flux/dev", input: { prompt: "x" } },
    });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.text).result.isError).toBeFalsy();
    const missing = await mcpCall(base, undefined, "tools/list");
    expect(missing.status).toBe(401);
    expect(missing.wwwAuthenticate).toBe(`Bearer resource_metadata="${base}/.well-known/oauth-protected-resource/mcp"`);
  });
});

describe("limits chosen at sign-in are enforced like the operator flags", () => {
  it("read-only: only the read-only tools are listed, run_model is unknown", async () => {
    const { access } = await tokensFor(base, KEY, { read_only: "on" });
    const list = (
      JSON.parse((await mcpCall(base, access, "tools/list")).text) as { result: { tools: { name: string }[] } }
    ).result.tools.map((t) => t.name);
    expect(list.sort()).toEqual(["get_model_schema", "get_pricing", "recommend_model", "search_docs", "search_models"]);
    const run = JSON.parse(
      (
        await mcpCall(base, access, "tools/call", {
          name: "run_model",
          arguments: { endpoint_id: "fal-ai/flux/dev", input: { prompt: "x" } },
        })
      ).text,
    );
    expect(run.result.isError).toBe(true);
    expect(run.result.content[0].text).toMatch(/Unknown tool "run_model"/);
  });

  it("allowed models: others are refused like --allow-models", async () => {
    const { access } = await tokensFor(base, KEY, { models: "fal-ai/flux/*" });
    const other = JSON.parse(
      (
        await mcpCall(base, access, "tools/call", {
          name: "run_model",
          arguments: { endpoint_id: "fal-ai/recraft/v3/text-to-image", input: { prompt: "x" } },
        })
      ).text,
    );
    expect(other.result.isError).toBe(true);
    expect(other.result.content[0].text).toMatch(/allow/i);
    const flux = JSON.parse(
      (
        await mcpCall(base, access, "tools/call", {
          name: "run_model",
          arguments: { endpoint_id: "fal-ai/flux/schnell", input: { prompt: "x" } },
        })
      ).text,
    );
    expect(flux.result.isError, JSON.stringify(flux)).toBeFalsy();
  });

  it("maximum cost per call: applies like max_cost_usd, and a caller's higher max_cost_usd cannot raise it", async () => {
    const { access } = await tokensFor(base, KEY, { max_cost_usd: "0.001" });
    for (const args of [{}, { max_cost_usd: 100 }]) {
      const r = JSON.parse(
        (
          await mcpCall(base, access, "tools/call", {
            name: "run_model",
            arguments: { endpoint_id: "fal-ai/flux/dev", input: { prompt: "x" }, ...args },
          })
        ).text,
      );
      expect(r.result.isError).toBe(true);
      expect(r.result.content[0].text).toMatch(/above max_cost_usd \$0\.001/);
    }
  });

  it("a bad limit gets a sentence on the page, not a silent default", async () => {
    const clientId = await register(base, ["http://127.0.0.1:9/cb"]);
    const r = await signIn(authorizeUrl(base, { clientId, redirectUri: "http://127.0.0.1:9/cb", challenge: pkce().challenge }), KEY, {
      max_cost_usd: "lots",
    });
    expect(r.status).toBe(200);
    expect(r.html).toContain("Maximum cost per call must be a number");
  });
});
