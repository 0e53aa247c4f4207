/**
 * A submit fal accepts (2xx) but answers without a request_id: through `serve` and the MCP SDK client,
 * submit_job and run_model must say the job may exist and that a retry may run it twice, never that it
 * is "safe to retry", nor name an HTTP status fal never sent.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { startCli, type Proc, falUrlsEnv } from "../helpers/processes.js";
import { callTool, httpClient } from "../e2e/wire.js";

let fal: http.Server;
let srv: Proc;
let client: Client;
let body = "{}";
beforeAll(async () => {
  // A loopback fal whose submit answers are 200s without a (usable) request id, in turn.
  fal = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end(body));
  });
  await new Promise<void>((r) => fal.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(fal.address() as AddressInfo).port}`;
  srv = await startCli(["serve", "--port", "0", "--no-live"], falUrlsEnv(url));
  client = await httpClient(srv.url);
}, 60_000);
afterAll(async () => {
  await client?.close();
  await srv?.stop();
  fal?.closeAllConnections();
  await new Promise((r) => fal?.close(r));
});

it.each([
  ["submit_job", "{}"],
  ["run_model", '{"status":"IN_QUEUE"}'],
  ["submit_job", '{"request_id":""}'],
  ["submit_job", "null"],
])("%s: a 2xx answer %s says the job may exist and a retry may run it twice", async (tool, answer) => {
  body = answer;
  const r = await callTool(client, tool, { endpoint_id: "fal-ai/flux/dev", input: { prompt: "a lake" } });
  expect(r.isError).toBe(true);
  expect(r.text).toMatch(/no request_id/);
  expect(r.text).toMatch(/may or may not/);
  expect(r.text).toMatch(/twice/);
  expect(r.text).not.toMatch(/safe to retry/);
  expect(r.text).not.toMatch(/HTTP 5\d\d/);
  expect(r.text).not.toMatch(/TypeError|undefined/);
});
