/**
 * Issue 16, finding 7: protocol errors are sentences (not Zod dumps under -32603), required prompt
 * arguments are enforced, and file names lose bidi and control characters. Over the real SDK client
 * and a `fal-mcp serve --emulator` process, plus the file-name rule on its own.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { TextContent } from "@modelcontextprotocol/sdk/types.js";
import { KEY, startCli, type Proc } from "../helpers/processes.js";
import { callTool, httpClient } from "../e2e/wire.js";
import { safeFileName } from "../../src/tools/upload_file.js";

let srv: Proc;
let client: Client;
beforeAll(async () => {
  srv = await startCli(["serve", "--port", "0", "--emulator", "--no-live"]);
  client = await httpClient(srv.url);
}, 60_000);
afterAll(async () => {
  await client?.close();
  await srv?.stop();
});

const raw = async (body: unknown) => {
  const r = await fetch(srv.url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream", authorization: `Bearer ${KEY}` },
    body: JSON.stringify(body),
  });
  return (await r.json()) as { error?: { code: number; message: string }; result?: unknown };
};

it("answers a tools/call without a name with a sentence under Invalid params", async () => {
  const r = await raw({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { arguments: {} } });
  expect(r.error?.code).toBe(-32602);
  expect(r.error?.message).toMatch(/Invalid tools\/call request: params\.name: expected string/);
  expect(r.error?.message).not.toMatch(/[[{]\s*"/); // no JSON dump
});

it("answers bad prompts/get arguments with a sentence", async () => {
  const r = await raw({ jsonrpc: "2.0", id: 2, method: "prompts/get", params: { name: "generate_image", arguments: { description: 5 } } });
  expect(r.error?.code).toBe(-32602);
  expect(r.error?.message).toMatch(/params\.arguments\.description: expected string/);
  expect(r.error?.message).not.toMatch(/[[{]\s*"/);
});

it("enforces required prompt arguments, and renders when they are given", async () => {
  await expect(client.getPrompt({ name: "generate_image" })).rejects.toThrow(/generate_image needs "description"/);
  await expect(client.getPrompt({ name: "image_to_video", arguments: { motion: "waves" } })).rejects.toThrow(/needs "image_url"/);
  await expect(client.getPrompt({ name: "generate_image", arguments: { description: "  " } })).rejects.toThrow(/needs "description"/);
  await expect(client.getPrompt({ name: "nope" })).rejects.toThrow(/Unknown prompt "nope"\. Available: generate_image, image_to_video/);
  const ok = await client.getPrompt({ name: "generate_image", arguments: { description: "a red fox" } });
  expect((ok.messages[0]!.content as TextContent).text).toMatch(/a red fox/);
});

it("strips bidi overrides, C0/C1 controls, zero-width and separator characters from file names", () => {
  expect(safeFileName("photo\u202Egpj.exe", "x")).toBe("photo_gpj.exe");
  expect(safeFileName("a\u0085b\u2028c\u2029d\u200Be\uFEFFf\u2066g\u061Ch.png", "x")).toBe("a_b_c_d_e_f_g_h.png");
  expect(safeFileName("..\\..\\etc/passwd\r\nX-Injected: 1", "x")).toBe("_.._etc_passwd_X-Injected_ 1");
  expect(safeFileName("\u202E\u202E", "upload.bin")).toBe("_");
  expect(safeFileName("\uD800lone", "x")).toBe("_lone");
});

it("uploads with a cleaned file name end to end", async () => {
  const r = await callTool(client, "upload_file", {
    data: Buffer.from("hello").toString("base64"),
    file_name: "report\u202Efdp.exe",
    content_type: "text/plain",
  });
  expect(r.isError, r.text).toBe(false);
  expect(r.structured.file_name).toBe("report_fdp.exe");
  expect(r.text).not.toMatch(/\u202E/);
});

it("refuses an oversized base64 upload by its length, before decoding, with the bound named", async () => {
  const r = await callTool(client, "upload_file", { data: "A".repeat(15 * 1024 * 1024), file_name: "big.bin" });
  expect(r.isError).toBe(true);
  expect(r.text).toMatch(/inline uploads are limited to 10485760 bytes/);
});

it("refuses request ids with dot segments before any URL is built", async () => {
  for (const request_id of [".", "..", ".hidden"]) {
    const r = await callTool(client, "check_job", { endpoint_id: "fal-ai/flux/dev", request_id, action: "cancel" });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/request_id/);
  }
});
