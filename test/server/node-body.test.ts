/**
 * Request bodies read for the HTTP core (src/transports/http/node-body.ts), on a real node:http server
 * and raw loopback clients: a body already parsed when read (the handler awaited first) is read at once,
 * one still arriving is streamed; each is bounded in bytes, a stalled one in time, and a client that
 * leaves mid-body settles the read (it does not hang).
 */
import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { readBody } from "../../src/transports/http/node-body.js";
import { BodyTimeout, TooLarge } from "../../src/transports/http/handler.js";

const MAX = 1000;
let server: http.Server;
let port = 0;
/** Per request: whether its body was already parsed when read, and how the read ended. */
const seen: { complete: boolean; outcome: string }[] = [];
let settled: (() => void) | undefined;

beforeAll(async () => {
  server = http.createServer(async (req, res) => {
    // "/late": the handler awaits first (as a sign-in check does), so a body in the head's packet is parsed.
    if (req.url === "/late") await new Promise((r) => setTimeout(r, 20));
    const row = { complete: req.complete, outcome: "" };
    seen.push(row);
    try {
      const text = await readBody(req, MAX, 300);
      row.outcome = `text ${text}`;
      res.end(`got ${text.length}`);
    } catch (e) {
      row.outcome = e instanceof TooLarge ? "too large" : e instanceof BodyTimeout ? "timeout" : `error ${(e as Error).message}`;
      res.writeHead(e instanceof TooLarge ? 413 : 408, { connection: "close" }).end(row.outcome);
    }
    settled?.();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as net.AddressInfo).port;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise((r) => server.close(r));
});

/** Sends `parts` (a delay before each after the first) and resolves with the answer's status line. */
function send(path: string, parts: string[], gapMs = 0, chunked = false): Promise<string> {
  const body = parts.join("");
  const framing = chunked ? "transfer-encoding: chunked" : `content-length: ${Buffer.byteLength(body)}`;
  const head = `POST ${path} HTTP/1.1\r\nhost: x\r\n${framing}\r\nconnection: close\r\n\r\n`;
  const frame = (p: string) => (chunked ? `${Buffer.byteLength(p).toString(16)}\r\n${p}\r\n` : p);
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    let got = "";
    s.on("data", (d) => (got += d));
    s.on("error", () => undefined);
    s.on("close", () => resolve(got.split("\r\n")[0]!));
    s.write(head + frame(parts[0]!) + (chunked && parts.length === 1 ? "0\r\n\r\n" : ""));
    parts.slice(1).forEach((p, i) => {
      const end = chunked && i === parts.length - 2 ? "0\r\n\r\n" : "";
      setTimeout(() => s.write(frame(p) + end), gapMs * (i + 1));
    });
  });
}
const last = () => seen[seen.length - 1]!;

it("reads a body already parsed at once, and one still arriving as it comes, each exactly once", async () => {
  const body = '{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"é":1}}';
  expect(await send("/late", [body])).toBe("HTTP/1.1 200 OK");
  expect(last()).toEqual({ complete: true, outcome: `text ${body}` });
  expect(await send("/late", [body], 0, true)).toBe("HTTP/1.1 200 OK");
  expect(last()).toEqual({ complete: true, outcome: `text ${body}` });
  expect(await send("/now", [body.slice(0, 9), body.slice(9)], 50)).toBe("HTTP/1.1 200 OK");
  expect(last()).toEqual({ complete: false, outcome: `text ${body}` });
  expect(await send("/now", [body.slice(0, 9), body.slice(9)], 50, true)).toBe("HTTP/1.1 200 OK");
  expect(last()).toEqual({ complete: false, outcome: `text ${body}` });
  expect(await send("/late", [""])).toBe("HTTP/1.1 200 OK");
  expect(last()).toEqual({ complete: true, outcome: "text " });
});

it("refuses a body over the limit, parsed or arriving, and a stalled one in time", async () => {
  const big = "x".repeat(MAX + 1);
  expect(await send("/late", [big], 0, true)).toBe("HTTP/1.1 413 Payload Too Large");
  expect(last()).toEqual({ complete: true, outcome: "too large" });
  expect(await send("/now", [big.slice(0, 500), big.slice(500)], 50, true)).toBe("HTTP/1.1 413 Payload Too Large");
  expect(last()).toMatchObject({ complete: false, outcome: "too large" });
  // Declares 50 bytes, sends 10, stalls.
  const stalled = await new Promise<string>((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    let got = "";
    s.on("data", (d) => (got += d));
    s.on("error", () => undefined);
    s.on("close", () => resolve(got.split("\r\n")[0]!));
    s.write(`POST /now HTTP/1.1\r\nhost: x\r\ncontent-length: 50\r\n\r\n0123456789`);
  });
  expect(stalled).toBe("HTTP/1.1 408 Request Timeout");
  expect(last().outcome).toBe("timeout");
});

it("settles the read when the client leaves mid-body", async () => {
  const done = new Promise<void>((r) => (settled = r));
  const s = net.connect(port, "127.0.0.1");
  s.on("error", () => undefined);
  s.write(`POST /now HTTP/1.1\r\nhost: x\r\ncontent-length: 50\r\n\r\n0123456789`, () => setTimeout(() => s.destroy(), 30));
  await done;
  settled = undefined;
  expect(last().outcome).toMatch(/^error/);
});
