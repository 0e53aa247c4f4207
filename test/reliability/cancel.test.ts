/** A client that goes away mid-wait stops the server's upstream wait (the status stream to fal closes). */
import { afterAll, beforeAll, expect, it } from "vitest";
import { startEmulator, emulatorUrls, type Emulator } from "../../src/emulator/server.js";
import { startHttpServer, type RunningHttp } from "../../src/transports/http/node.js";
import { createUrlGuard } from "../../src/net/guard.js";
import { nodeFetch } from "../../src/fal/node-fetch.js";
import { KEY } from "../helpers/processes.js";

let emu: Emulator;
let http: RunningHttp;
beforeAll(async () => {
  emu = await startEmulator({ jobMs: { "fal-ai/kling-video/*": 30_000 } });
  http = await startHttpServer({
    urls: emulatorUrls(emu.url),
    mode: "hosted",
    guard: createUrlGuard({ exemptOrigins: [emu.url] }),
    port: 0,
    liveCatalog: false,
    fetch: nodeFetch,
  });
});
afterAll(async () => {
  await http.close(100);
  await emu.close();
});

it("closes the upstream status stream when the MCP client disconnects", async () => {
  const ac = new AbortController();
  const call = fetch(http.url, {
    method: "POST",
    signal: ac.signal,
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "tools/call",
      params: {
        name: "run_model",
        arguments: {
          endpoint_id: "fal-ai/kling-video/v2.1/pro/image-to-video",
          input: { prompt: "x", image_url: "https://x/y.png" },
          wait_seconds: 25,
        },
      },
    }),
  }).catch((e) => e);
  for (let i = 0; i < 50 && emu.stats().openStreams === 0; i++) await new Promise((r) => setTimeout(r, 50));
  expect(emu.stats().openStreams).toBe(1);
  ac.abort();
  await call;
  for (let i = 0; i < 40 && emu.stats().openStreams > 0; i++) await new Promise((r) => setTimeout(r, 50));
  expect(emu.stats().openStreams).toBe(0);
});
