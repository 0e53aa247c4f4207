/**
 * What a caller is told when fal misbehaves, against a fake fal on loopback:
 * - a submit fal never answered may have created the job: never "safe to retry";
 * - fal's words are quoted, but an upstream that echoes the request never echoes the key back;
 * - a status without a request_id (stream or poll) cannot lose the job: run_model names the submit's id.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createFalClient } from "../../src/fal/client.js";
import { nodeFetch } from "../../src/fal/node-fetch.js";
import { emulatorUrls } from "../../src/emulator/server.js";
import { createUrlGuard } from "../../src/net/guard.js";
import { startHttpServer, type RunningHttp } from "../../src/transports/http/node.js";
import { submitJobTool } from "../../src/tools/submit_job.js";
import type { ToolContext } from "../../src/tools/context.js";

const KEY = "keyid-1234:s3cretPart-abcdefgh";
let mode: "stall" | "echo401" | "no-ids" = "no-ids";
let fal: Server;
let origin: string;
let mcp: RunningHttp;
beforeAll(async () => {
  fal = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      if (req.method === "POST" && mode === "stall") return; // read, never answered
      if (req.method === "POST" && mode === "echo401") {
        res.writeHead(401, { "content-type": "application/json" });
        return res.end(JSON.stringify({ detail: `bad key, you sent Authorization: ${req.headers.authorization}` }));
      }
      if (req.method === "POST") {
        res.writeHead(200, { "content-type": "application/json" });
        return res.end(JSON.stringify({ request_id: "req-42", status: "IN_QUEUE", queue_position: 0 }));
      }
      if (req.url?.includes("/status/stream")) {
        // Statuses that do not say which request they are about; the stream then stays open.
        res.writeHead(200, { "content-type": "text/event-stream" });
        return res.write(`data: ${JSON.stringify({ status: "IN_PROGRESS" })}\n\n`);
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ status: "IN_PROGRESS" }));
    });
  });
  await new Promise<void>((r) => fal.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(fal.address() as AddressInfo).port}`;
  mcp = await startHttpServer({
    urls: emulatorUrls(origin),
    mode: "hosted",
    guard: createUrlGuard({ exemptOrigins: [origin] }),
    port: 0,
    liveCatalog: false,
    fetch: nodeFetch,
  });
});
afterAll(async () => {
  await mcp.close(100);
  fal.closeAllConnections();
  await new Promise((r) => fal.close(r));
});

async function call(name: string, args: object) {
  const res = await fetch(mcp.url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream", authorization: `Bearer ${KEY}` },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name, arguments: args } }),
  });
  return ((await res.json()) as { result: { isError?: boolean; content: { text: string }[]; structuredContent?: Record<string, unknown> } })
    .result;
}

it("never says a submit fal did not answer is safe to retry", async () => {
  mode = "stall";
  const ctx = {
    fal: createFalClient({ key: KEY, urls: emulatorUrls(origin), fetch: nodeFetch, timeoutMs: 300 }),
    allowModel: () => true,
    signal: new AbortController().signal,
  } as unknown as ToolContext;
  const r = await submitJobTool({ endpoint_id: "fal-ai/flux/dev", input: { prompt: "a lake" } }, ctx);
  expect(r.isError).toBe(true);
  const text = (r.content[0] as { text: string }).text;
  expect(text).toMatch(/may or may not have been created/);
  expect(text).not.toMatch(/safe to retry/);
});

it("quotes fal's refusal without the key it echoed", async () => {
  mode = "echo401";
  for (const tool of ["submit_job", "run_model"]) {
    const r = await call(tool, { endpoint_id: "fal-ai/flux/dev", input: { prompt: "a lake" } });
    expect(r.isError).toBe(true);
    const text = r.content.map((c) => c.text).join(" ");
    expect(text).toMatch(/bad key, you sent Authorization: Key \[the fal key\]/);
    expect(text).not.toContain("s3cretPart-abcdefgh");
    expect(text).not.toContain(KEY);
  }
});

it("hands back the submit's request_id when fal's statuses do not name it", async () => {
  mode = "no-ids";
  const r = await call("run_model", { endpoint_id: "fal-ai/flux/dev", input: { prompt: "a lake" }, wait_seconds: 1 });
  expect(r.isError).toBeFalsy();
  expect(r.structuredContent?.request_id).toBe("req-42");
  expect(r.content[0]!.text).toContain('request_id "req-42"');
  expect(r.content[0]!.text).not.toContain("undefined");
});
