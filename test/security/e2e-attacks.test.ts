/**
 * The attack list end to end against a hosted `fal-mcp serve` process. Attacks aim only at loopback
 * forms; a canary server on 127.0.0.1 counts every request that gets through (it must count 0).
 */
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KEY, startCli, type Proc } from "../helpers/processes.js";
import { callTool, httpClient } from "../e2e/wire.js";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";

let canary: Server;
let canaryHits = 0;
let port = 0;
let srv: Proc;
let client: Client;
const tally = { attacks: 0, refused: 0 };
const refused = (ok: boolean) => {
  tally.attacks++;
  if (ok) tally.refused++;
  return ok;
};

beforeAll(async () => {
  canary = createServer((_q, s) => {
    canaryHits++;
    s.end("secret internal data");
  });
  await new Promise<void>((r) => canary.listen(0, "127.0.0.1", r));
  port = (canary.address() as AddressInfo).port;
  srv = await startCli(["serve", "--port", "0", "--emulator"]);
  client = await httpClient(srv.url);
});
afterAll(async () => {
  await client?.close();
  await srv?.stop();
  canary?.close();
  console.log(`security: ${tally.attacks} attacks, ${tally.refused} refused, canary hits ${canaryHits}`);
});

describe("SSRF through upload_file, loopback forms only", () => {
  const forms = () => [
    `http://127.0.0.1:${port}/`,
    `http://localhost:${port}/`,
    `http://2130706433:${port}/`,
    `http://0x7f000001:${port}/`,
    `http://0177.0.0.1:${port}/`,
    `http://127.1:${port}/`,
    `http://[::ffff:127.0.0.1]:${port}/`,
    `http://[::1]:${port}/`,
    `http://127.0.0.1:${port}/redirect?to=http://127.0.0.1:${port}/`,
    `HTTP://127.0.0.1:${port}/`,
    `http://127.0.0.1.:${port}/`,
  ];
  it("refuses every form, and the canary counts 0", async () => {
    for (const url of forms()) {
      const r = await callTool(client, "upload_file", { url });
      expect(refused(r.isError && /Refused to fetch that URL/.test(r.text)), `${url}: ${r.text}`).toBe(true);
    }
    expect(canaryHits).toBe(0);
  });
  it.each(["file:///etc/passwd", "data:text/plain;base64,aGk=", "gopher://127.0.0.1:70/_x", "ftp://127.0.0.1/x"])(
    "refuses the scheme of %s",
    async (url) => {
      const r = await callTool(client, "upload_file", { url });
      expect(refused(r.isError && /Refused to fetch|only http and https/.test(r.text))).toBe(true);
    },
  );
  it("never reads the server's own files in hosted mode", async () => {
    for (const url of ["/etc/passwd", "../../package.json", "./openapi/catalog.json"]) {
      const r = await callTool(client, "upload_file", { url });
      expect(refused(r.isError && /only when the server runs locally over stdio/.test(r.text))).toBe(true);
    }
  });
});

describe("path traversal and injection", () => {
  it("refuses traversal in endpoint ids, request ids and resource URIs", async () => {
    const attempts = [
      callTool(client, "get_model_schema", { endpoint_id: "../../etc/passwd" }),
      callTool(client, "check_job", { endpoint_id: "fal-ai/../../v1/models", request_id: "x" }),
      callTool(client, "check_job", { endpoint_id: "fal-ai/flux/dev", request_id: "../../../v1/models?x=" }),
      callTool(client, "run_model", { endpoint_id: "fal-ai/flux/../../../etc", input: {} }),
    ];
    for (const r of await Promise.all(attempts)) expect(refused(r.isError), r.text).toBe(true);
    await expect(client.readResource({ uri: "fal://models/../../../package.json/openapi" })).rejects.toThrow(/Unknown resource/);
    refused(true);
  });

  it("header injection through file_name is neutralised", async () => {
    const r = await callTool(client, "upload_file", {
      data: Buffer.from("x").toString("base64"),
      file_name: "a.png\r\nX-Injected: 1\r\n\r\nbody",
    });
    expect(r.isError).toBe(false);
    expect(refused(!/[\r\n]/.test(r.structured.file_name) && !/[\r\n]/.test(r.structured.cdn_url))).toBe(true);
  });

  it("prototype-pollution keys in tool inputs change nothing", async () => {
    const payloads = [
      { endpoint_id: "fal-ai/flux/dev", input: JSON.parse('{"prompt":"x","__proto__":{"polluted":true}}') },
      { endpoint_id: "fal-ai/flux/dev", input: { prompt: "x", constructor: { prototype: { polluted: true } } } },
    ];
    for (const p of payloads) await callTool(client, "submit_job", p);
    const raw = await fetch(srv.url, {
      method: "POST",
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"search_models","arguments":{"__proto__":{"limit":1},"query":"flux"}}}',
    });
    const body = (await raw.json()) as { result: { structuredContent: { models: unknown[] } } };
    // limit stayed at its default of 20: the __proto__ key did not become a default for anything.
    expect(refused(body.result.structuredContent.models.length === 20)).toBe(true);
  });
});

describe("sizes and headers", () => {
  it("refuses a huge body with 413 without reading it all", async () => {
    // The server answers 413 and closes as soon as it sees the declared length, so the client may be
    // cut off mid-write (EPIPE/ECONNRESET) after or instead of reading the 413: both are a refusal.
    const u = new URL(srv.url);
    const outcome = await new Promise<string>((resolve) => {
      const q = request(
        {
          host: u.hostname,
          port: u.port,
          path: "/mcp",
          method: "POST",
          headers: {
            authorization: `Bearer ${KEY}`,
            "content-type": "application/json",
            accept: "application/json, text/event-stream",
            "content-length": 17 * 1024 * 1024,
          },
        },
        (res) => {
          res.resume();
          resolve(String(res.statusCode));
        },
      );
      q.on("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? "error"));
      q.end(Buffer.alloc(17 * 1024 * 1024, 120));
    });
    expect(refused(["413", "EPIPE", "ECONNRESET"].includes(outcome)), outcome).toBe(true);
    expect((await fetch(srv.url.replace("/mcp", "/healthz"))).status).toBe(200);
  });
  it("refuses oversized headers (431) and keeps serving", async () => {
    const u = new URL(srv.url);
    const status = await new Promise<number>((resolve) => {
      const q = request(
        { host: u.hostname, port: u.port, path: "/mcp", method: "POST", headers: { "x-big": "a".repeat(64 * 1024) } },
        (res) => resolve(res.statusCode!),
      );
      q.on("error", () => resolve(0));
      q.end();
    });
    expect(refused(status === 431 || status === 0)).toBe(true);
    expect((await fetch(srv.url.replace("/mcp", "/healthz"))).status).toBe(200);
  });
  it("every attack was refused, the canary saw nothing, and the key was never echoed", () => {
    expect(tally.refused).toBe(tally.attacks);
    expect(canaryHits).toBe(0);
    expect(srv.output()).not.toContain(KEY);
  });
});
