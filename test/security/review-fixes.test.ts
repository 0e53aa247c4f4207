/**
 * Findings of the outside attack review, each checked where it lived: docs search that a long query of
 * short words made expensive, get_pricing's input without the run tools' bounds, job tools that ignored
 * the connection's model limits, and sign-in client names carrying invisible format characters.
 */
import { describe, expect, it } from "vitest";
import { docsSearch } from "../../src/catalog/search.js";
import { callTool, noProgress } from "../../src/server/dispatch.js";
import { prepareServer } from "../../src/server/prepare.js";
import type { ServerOptions } from "../../src/server/options.js";
import { createUrlGuard } from "../../src/net/guard.js";
import { createSealer } from "../../src/transports/http/oauth/seal.js";
import { createClientStore } from "../../src/transports/http/oauth/clients.js";
import { DEAD_FAL_URLS } from "../helpers/offline.js";

// Every refusal here happens before the fal client is first used; should one regress, "fal" is a closed
// loopback port, never fal's real hosts.
const opts = (extra: Partial<ServerOptions> = {}): ServerOptions => ({
  urls: DEAD_FAL_URLS,
  mode: "hosted",
  guard: createUrlGuard(),
  liveCatalog: false,
  ...extra,
});
const call = async (o: ServerOptions, name: string, args: unknown) => {
  const prepared = await prepareServer(o);
  const r = await callTool(
    { opts: o, prepared, key: "review-id:review-secret", signal: new AbortController().signal, progress: noProgress },
    name,
    args,
  );
  return { isError: r.isError === true, text: (r.content[0] as { text: string }).text };
};

describe("search_docs", () => {
  it("answers a query of hundreds of one-letter words from at most 16 distinct terms, and still ranks real queries", () => {
    expect(Array.isArray(docsSearch("a ".repeat(250)))).toBe(true);
    expect(Array.isArray(docsSearch(Array.from({ length: 200 }, (_, i) => `w${i}`).join(" ")))).toBe(true);
    expect(docsSearch("webhooks")[0]?.url).toMatch(/webhook/i);
    expect(docsSearch("")).toEqual([]);
  });
});

describe("get_pricing's input", () => {
  it("is bounded like run_model's before any schema work, with a sentence naming the bound", async () => {
    let deep: unknown = "x";
    for (let i = 0; i < 60_000; i++) deep = [deep];
    const r = await call(opts(), "get_pricing", { endpoint_id: "fal-ai/kokoro/american-english", input: { prompt: deep } });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/refused before validation: .*(deep|levels)/);
    expect(r.text).not.toMatch(/unexpectedly|call stack/);
  });
});

describe("job tools and the connection's model limits", () => {
  it("check_job (and so viewer_job) refuses a model outside --allow-models, saying whose limit it is", async () => {
    const o = opts({ allowModels: ["fal-ai/flux/*"] });
    for (const [name, args] of [
      ["check_job", { endpoint_id: "fal-ai/kling-video/v2.1/standard/text-to-video", request_id: "abc", action: "cancel" }],
      ["viewer_job", { endpoint_id: "fal-ai/kling-video/v2.1/standard/text-to-video", request_id: "abc", action: "follow" }],
    ] as const) {
      const r = await call(o, name, args);
      expect(r.isError, name).toBe(true);
      expect(r.text, name).toMatch(/outside the models this connection may use .*--allow-models.*sign-in/);
    }
    const run = await call(o, "submit_job", { endpoint_id: "fal-ai/kling-video/v2.1/standard/text-to-video", input: { prompt: "x" } });
    expect(run.text).not.toMatch(/operator's/);
    expect(run.text).toMatch(/outside the models this connection may use/);
  });
});

describe("sign-in client names", () => {
  it("lose bidi overrides, zero-width and other invisible characters at registration", async () => {
    const store = createClientStore({ sealer: createSealer([{ kid: "a", secret: "A".repeat(40) }]), guard: createUrlGuard() });
    const reg = await store.register(
      { client_name: "Good\u202Eevil\u200B App\u2028", redirect_uris: ["http://127.0.0.1/cb"] },
      "https://mcp.example",
    );
    const c = await store.resolve(reg.client_id as string, "https://mcp.example");
    expect(c.client_name).toBe("Goodevil App");
  });
});
