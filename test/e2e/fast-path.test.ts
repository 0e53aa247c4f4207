/** The fast path answers exactly what the SDK path answers, for every kind of call it takes. */
import { afterAll, beforeAll, expect, it } from "vitest";
import { createFetchHandler } from "../../src/transports/http/handler.js";
import { startEmulator, emulatorUrls, type Emulator } from "../../src/emulator/server.js";
import { createUrlGuard } from "../../src/net/guard.js";
import { KEY } from "../helpers/processes.js";

let emu: Emulator;
let fast: (r: Request) => Promise<Response>;
let sdk: (r: Request) => Promise<Response>;
beforeAll(async () => {
  emu = await startEmulator({ queueMs: 0, runMs: 5 });
  const opts = {
    urls: emulatorUrls(emu.url),
    mode: "hosted" as const,
    guard: createUrlGuard({ exemptOrigins: [emu.url] }),
    liveCatalog: false,
    localOnly: true,
  };
  fast = await createFetchHandler(opts);
  sdk = await createFetchHandler({ ...opts, fastPath: false });
});
afterAll(() => emu.close());

const post = (h: (r: Request) => Promise<Response>, body: unknown, headers: Record<string, string> = {}) =>
  h(
    new Request("http://127.0.0.1/mcp", {
      method: "POST",
      headers: {
        host: "127.0.0.1",
        authorization: `Bearer ${KEY}`,
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        ...headers,
      },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );

const CALLS: [string, unknown, Record<string, string>?][] = [
  ["tools/list", { jsonrpc: "2.0", id: 1, method: "tools/list" }],
  ["tools/list with a string id and cursor", { jsonrpc: "2.0", id: "a", method: "tools/list", params: { cursor: "x" } }],
  [
    "search_models",
    { jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "search_models", arguments: { query: "flux", limit: 3 } } },
  ],
  [
    "get_model_schema",
    { jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "get_model_schema", arguments: { endpoint_id: "fal-ai/flux/dev" } } },
  ],
  // The same call again is a shared (memoised) answer, written as bytes around this request's own id.
  [
    "search_models again, with a non-ASCII string id",
    { jsonrpc: "2.0", id: "é—2", method: "tools/call", params: { name: "search_models", arguments: { query: "flux", limit: 3 } } },
  ],
  ["invalid arguments", { jsonrpc: "2.0", id: 4, method: "tools/call", params: { name: "search_models", arguments: { limit: 0 } } }],
  ["unknown tool", { jsonrpc: "2.0", id: 5, method: "tools/call", params: { name: "nope", arguments: {} } }],
  ["no arguments", { jsonrpc: "2.0", id: 6, method: "tools/call", params: { name: "search_models" } }],
  ["a supported protocol version header", { jsonrpc: "2.0", id: 7, method: "tools/list" }, { "mcp-protocol-version": "2025-06-18" }],
  ["the largest safe integer id", { jsonrpc: "2.0", id: Number.MAX_SAFE_INTEGER, method: "tools/list" }],
  ["content type with a charset", { jsonrpc: "2.0", id: 8, method: "tools/list" }, { "content-type": "application/json; charset=utf-8" }],
];

it.each(CALLS)("%s: same status, headers that matter, and JSON body on both paths", async (_n, body, headers) => {
  const [a, b] = await Promise.all([post(fast, body, headers), post(sdk, body, headers)]);
  expect(a.status).toBe(b.status);
  expect(a.headers.get("content-type")).toBe(b.headers.get("content-type"));
  expect(await a.json()).toEqual(await b.json());
});

it.each([
  ["an unsupported protocol version", { jsonrpc: "2.0", id: 1, method: "tools/list" }, { "mcp-protocol-version": "1999-01-01" }],
  ["a missing Accept type", { jsonrpc: "2.0", id: 1, method: "tools/list" }, { accept: "application/json" }],
  ["a batch", [{ jsonrpc: "2.0", id: 1, method: "tools/list" }], {}],
  ["a notification (no id)", { jsonrpc: "2.0", method: "tools/list" }, {}],
  // Issue 16: ids JSON numbers cannot hold exactly, and content types that only contain the JSON one.
  ["an id past double range (1e309)", '{"jsonrpc":"2.0","id":1e309,"method":"tools/list"}', {}],
  ["an id past 2^53 (rounded by JSON.parse)", '{"jsonrpc":"2.0","id":12345678901234567890,"method":"tools/list"}', {}],
  ["a fractional id", '{"jsonrpc":"2.0","id":1.5,"method":"tools/call","params":{"name":"search_models","arguments":{}}}', {}],
  [
    "content type text/plain; application/json",
    { jsonrpc: "2.0", id: 1, method: "tools/list" },
    { "content-type": "text/plain; application/json" },
  ],
  [
    "content type text/plain;a=application/json",
    { jsonrpc: "2.0", id: 1, method: "tools/list" },
    { "content-type": "text/plain;a=application/json" },
  ],
  ["a tools/call without a name", { jsonrpc: "2.0", id: 9, method: "tools/call", params: { arguments: {} } }, {}],
] as const)("falls through to the SDK for %s", async (_n, body, headers) => {
  const [a, b] = await Promise.all([post(fast, body, headers), post(sdk, body, headers)]);
  expect(a.status).toBe(b.status);
  expect(await a.text()).toBe(await b.text());
});
