/**
 * Property-based fuzzing of the HTTP endpoint (the web-standard handler, in process, against the
 * emulator): random JSON-RPC messages and random tool arguments never crash it, never leave an
 * unhandled rejection, and every non-2xx answer carries a JSON-RPC error body.
 */
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createFetchHandler } from "../../src/transports/http/handler.js";
import { startEmulator, emulatorUrls, type Emulator } from "../../src/emulator/server.js";
import { createUrlGuard } from "../../src/net/guard.js";
import { KEY } from "../helpers/processes.js";

let emu: Emulator;
let handler: (r: Request) => Promise<Response>;
let unhandled = 0;
const onUnhandled = () => unhandled++;
beforeAll(async () => {
  emu = await startEmulator({ queueMs: 0, runMs: 5 });
  handler = await createFetchHandler({
    urls: emulatorUrls(emu.url),
    mode: "hosted",
    guard: createUrlGuard({ exemptOrigins: [emu.url] }),
    liveCatalog: false,
    runWaitSeconds: 2,
    localOnly: true,
  });
  process.on("unhandledRejection", onUnhandled);
});
afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  await emu.close();
});

const TOOLS = [
  "search_models",
  "get_model_schema",
  "get_pricing",
  "search_docs",
  "run_model",
  "submit_job",
  "check_job",
  "upload_file",
  "recommend_model",
  "nope",
];
const anyJson = fc.jsonValue({ maxDepth: 3 });
const toolArgs = fc.oneof(
  anyJson,
  fc.record(
    {
      endpoint_id: fc.oneof(fc.constantFrom("fal-ai/flux/dev", "fal-ai/../x", "", "a/b/c"), fc.string()),
      input: anyJson,
      request_id: fc.string(),
      action: fc.string(),
      query: fc.string(),
      limit: fc.oneof(fc.integer(), fc.double()),
      url: fc.string(),
      data: fc.string(),
      task: fc.string(),
    },
    { requiredKeys: [] },
  ),
  fc.dictionary(fc.constantFrom("__proto__", "constructor", "prototype", "toString", "endpoint_id", "input"), anyJson),
);
const message = fc.oneof(
  fc.record({
    jsonrpc: fc.constant("2.0"),
    id: fc.oneof(fc.integer(), fc.string()),
    method: fc.constant("tools/call"),
    params: fc.record({ name: fc.constantFrom(...TOOLS), arguments: toolArgs }),
  }),
  fc.record(
    {
      jsonrpc: fc.oneof(fc.constant("2.0"), fc.string()),
      id: fc.oneof(fc.integer(), fc.string(), fc.constant(null)),
      method: fc.oneof(fc.constantFrom("initialize", "tools/list", "resources/read", "prompts/get", "ping", "resources/list"), fc.string()),
      params: anyJson,
    },
    { requiredKeys: ["method"] },
  ),
  anyJson,
  fc.array(anyJson, { maxLength: 3 }),
);

async function send(body: string) {
  const res = await handler(
    new Request("http://127.0.0.1/mcp", {
      method: "POST",
      headers: {
        host: "127.0.0.1",
        authorization: `Bearer ${KEY}`,
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
      },
      body,
    }),
  );
  const text = await res.text();
  if (res.status >= 400) {
    const parsed = JSON.parse(text);
    expect(parsed.jsonrpc, text).toBe("2.0");
    expect(typeof parsed.error?.message, text).toBe("string");
  }
  expect(res.status).toBeLessThan(500);
  return res.status;
}

it("random JSON-RPC messages and tool arguments: no crash, no 5xx, errors carry a JSON-RPC body", async () => {
  await fc.assert(
    fc.asyncProperty(message, async (m) => void (await send(JSON.stringify(m)))),
    { numRuns: 400, seed: 20261125 },
  );
  await fc.assert(
    fc.asyncProperty(fc.string(), async (s) => void (await send(s))),
    { numRuns: 200, seed: 7 },
  );
  expect(unhandled).toBe(0);
}, 120_000);
