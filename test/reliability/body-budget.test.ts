/**
 * The process-wide budget for request bodies being received: slow senders each holding a large body
 * cannot add up to more memory than the budget; past it a new body gets 503 + Retry-After, and once
 * they are gone service resumes. Real node:http server, raw sockets on loopback.
 */
import net from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { RunningHttp } from "../../src/transports/http/node.js";
import { startOfflineServer } from "../helpers/offline.js";

const KEY = "budget-id:budget-secret";
let http: RunningHttp;
let port: number;

beforeAll(async () => {
  http = await startOfflineServer({ maxBodyBytes: 1024 * 1024, bodyBudgetBytes: 1536 * 1024 });
  port = Number(new URL(http.url).port);
});
afterAll(() => http?.close(0));

/** A sender that declares `length` bytes and sends only the first few: its body is "arriving". */
function slowSender(length: number): Promise<net.Socket> {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1", () => {
      s.write(
        `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nAuthorization: Bearer ${KEY}\r\nContent-Length: ${length}\r\n\r\n{"jsonrpc":"2.0",`,
      );
      setTimeout(() => resolve(s), 150);
    });
    s.on("error", () => undefined);
  });
}

const list = () =>
  fetch(http.url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream", authorization: `Bearer ${KEY}` },
    body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}',
  });

it("refuses new bodies past the budget with 503 + Retry-After, and serves again when the senders leave", async () => {
  expect((await list()).status).toBe(200);
  const held = [await slowSender(900 * 1024)];
  // 900 KB arriving: a small body still fits in the 1.5 MB budget.
  expect((await list()).status).toBe(200);
  // Another 636 KB arriving fills the budget exactly: now even a small body does not fit.
  held.push(await slowSender(636 * 1024));
  const busy = await list();
  expect(busy.status).toBe(503);
  expect(busy.headers.get("retry-after")).toBe("1");
  expect(((await busy.json()) as { error: { message: string } }).error.message).toMatch(/too many request bodies/);
  for (const s of held) s.destroy();
  let again = await list();
  for (let i = 0; i < 40 && again.status !== 200; i++) {
    await new Promise((r) => setTimeout(r, 50));
    again = await list();
  }
  expect(again.status).toBe(200);
});

/** Sends `parts` of a chunked request body (no Content-Length), `gapMs` apart; resolves with the answer's status line. */
function chunkedCall(parts: string[], gapMs = 0): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1", async () => {
      s.write(
        `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nAuthorization: Bearer ${KEY}\r\nTransfer-Encoding: chunked\r\n\r\n`,
      );
      for (const p of parts) {
        if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
        s.write(`${Buffer.byteLength(p).toString(16)}\r\n${p}\r\n`);
      }
      s.write("0\r\n\r\n");
    });
    let got = "";
    s.on("data", (b) => {
      got += b;
      if (got.includes("\r\n")) {
        resolve(got.slice(0, got.indexOf("\r\n")));
        s.destroy();
      }
    });
    s.on("error", () => resolve("error"));
  });
}

it("reads a body without a declared length whether it arrives at once or in pieces, and refuses one over the limit", async () => {
  const call = '{"jsonrpc":"2.0","id":1,"method":"tools/list"}';
  expect(await chunkedCall([call])).toBe("HTTP/1.1 200 OK");
  expect(await chunkedCall([call.slice(0, 10), call.slice(10)], 100)).toBe("HTTP/1.1 200 OK");
  const huge = `{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"x":"${"a".repeat(1100 * 1024)}"}}`;
  expect(await chunkedCall([huge])).toBe("HTTP/1.1 413 Payload Too Large");
});
