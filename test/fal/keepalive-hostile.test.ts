/**
 * A hostile fal on loopback against the bare-socket client (src/fal/keepalive.ts): answers whose framing
 * lies or is ambiguous must never leave a socket that the next call (another user's) would read from.
 * Each test's server writes bytes as the test says and counts connections: an answer whose framing is not
 * plain and exact is refused, or its socket is closed (the next call opens a new one).
 */
import net from "node:net";
import { expect, it } from "vitest";
import { rawHttpEachTest } from "../helpers/raw-http.js";
import { shortRequest } from "../../src/fal/keepalive.js";

const peer = rawHttpEachTest();

const get = (key = "Key a:secret-a", extra: Partial<Parameters<typeof shortRequest>[0]> = {}) =>
  shortRequest({ url: `${peer.origin}/queue/x`, method: "GET", headers: { authorization: key }, timeoutMs: 3_000, ...extra });
const outcome = (p: Promise<{ status: number; bytes: Buffer | null }>) =>
  p.then(
    (a) => `${a.status} ${a.bytes?.toString() ?? "null"}`,
    (e: Error) => `error: ${e.message}`,
  );

/**
 * User A's call gets `first` as its answer (written in one piece); user B's call follows on whatever
 * socket the client keeps. The server answers B's request honestly with "B". Answers what each got,
 * and how many connections the two calls used.
 */
async function twoUsers(first: string) {
  peer.answer = (req, s) => {
    if (req.n === 1 && peer.srv.connections === 1) s.write(first);
    else s.write('HTTP/1.1 200 OK\r\ncontent-length: 3\r\n\r\n"B"');
  };
  const a = await outcome(get("Key a:secret-a"));
  const b = await outcome(get("Key b:secret-b"));
  return { a, b, connections: peer.srv.connections };
}

it("refuses a status line whose code is not three digits (2000 was read as 200)", async () => {
  const r = await twoUsers('HTTP/1.1 2000 OK\r\ncontent-length: 3\r\n\r\n"A"');
  expect(r.a).toBe("error: the answer is not HTTP/1.1");
  expect(r.b).toBe('200 "B"');
});

it("writes a key with characters whose low bytes are CR LF as UTF-8: no header can be slipped in", async () => {
  let head = "";
  peer.answer = (req, s) => {
    head = req.head;
    s.write('HTTP/1.1 200 OK\r\ncontent-length: 3\r\n\r\n"A"');
  };
  // U+010D U+010A: written as latin1 (node:http's old bug) these became "\r\n".
  expect(await outcome(get("Key a:s\u010d\u010ax-evil: 1"))).toBe('200 "A"');
  expect(head).not.toMatch(/\r\nx-evil/i);
});

it.each([
  ["+3", "a sign"],
  ["0x3", "hex"],
  ["3.0", "a fraction"],
  ["3e0", "an exponent"],
  ["", "an empty value"],
  ["0b11", "binary"],
])("refuses a Content-Length of %j (%s): never framed as a number, so never a socket out of step", async (cl) => {
  // A's answer carries 3 bytes that JavaScript's Number() reads as 3 but HTTP does not (1*DIGIT):
  // a peer or a proxy that disagrees would frame the rest differently.
  const r = await twoUsers(`HTTP/1.1 200 OK\r\ncontent-length: ${cl}\r\n\r\n"A"`);
  expect(r.a).toMatch(/^error: .*Content-Length/);
  expect(r.b).toBe('200 "B"');
  expect(r.connections).toBe(2);
});

it("refuses two Content-Length values that differ", async () => {
  const differ = await twoUsers('HTTP/1.1 200 OK\r\ncontent-length: 3\r\ncontent-length: 30\r\n\r\n"A"');
  expect(differ.a).toMatch(/^error: .*Content-Length/);
  expect(differ.b).toBe('200 "B"');
  expect(differ.connections).toBe(2);
});

it("reads a body to the close when Transfer-Encoding is not chunked last, even with a Content-Length (RFC 9112 §6.3)", async () => {
  peer.answer = (_req, s) => {
    if (peer.srv.connections === 1) s.end('HTTP/1.1 200 OK\r\ntransfer-encoding: gzip\r\ncontent-length: 3\r\n\r\n"A"+more');
    else s.write('HTTP/1.1 200 OK\r\ncontent-length: 3\r\n\r\n"B"');
  };
  expect(await outcome(get())).toBe('200 "A"+more');
  expect(await outcome(get("Key b:secret-b"))).toBe('200 "B"');
  expect(peer.srv.connections).toBe(2);
});

it("decodes chunked with a Content-Length too, but never reuses that socket (a smuggling sign)", async () => {
  const r = await twoUsers('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\ncontent-length: 3\r\n\r\n3\r\n"A"\r\n0\r\n\r\n');
  expect(r.a).toBe('200 "A"');
  expect(r.b).toBe('200 "B"');
  expect(r.connections).toBe(2);
});

it("refuses a chunk whose data is longer than its size (the CRLF after it is checked, not skipped)", async () => {
  // Size 1, then 'A' and two bytes that are not CRLF: skipping them blindly read this as a clean end.
  const r = await twoUsers("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n1\r\nAxy0\r\n\r\n");
  expect(r.a).toMatch(/^error: /);
  expect(r.b).toBe('200 "B"');
  expect(r.connections).toBe(2);
});

it.each([
  ["content-length : 3", "a space before the colon"],
  ["x-a: 1\r\n content-length: 3", "a folded line"],
  ["no colon here\r\ncontent-length: 3", "a line without a colon"],
  ["content-length: 3\nx-b: 1", "a bare LF inside the head"],
])("refuses a head with %j (%s): parsed differently by others, it could frame the body differently", async (lines) => {
  const r = await twoUsers(`HTTP/1.1 200 OK\r\n${lines}\r\n\r\n"A"`);
  expect(r.a).toMatch(/^error: /);
  expect(r.b).toBe('200 "B"');
  expect(r.connections).toBe(2);
});

it.each([
  [
    'HTTP/1.1 200 OK\r\ncontent-length: 3\r\n\r\n"A"HTTP/1.1 200 OK\r\ncontent-length: 3\r\n\r\n"X"',
    '200 "A"',
    "a second answer after the first",
  ],
  ['HTTP/1.0 200 OK\r\nconnection: keep-alive\r\ncontent-length: 3\r\n\r\n"A"', '200 "A"', "HTTP/1.0 with keep-alive"],
  ['HTTP/1.1 204 No Content\r\ncontent-length: 3\r\n\r\n"X"', "204 null", "a 204 with a body"],
  ['HTTP/1.1 304 Not Modified\r\n\r\nHTTP/1.1 200 OK\r\ncontent-length: 3\r\n\r\n"X"', "304 null", "a 304 then an answer"],
  ["HTTP/1.1 100 Continue\r\n\r\ngarbage\r\n\r\n", "error: the answer is not HTTP/1.1", "a 1xx then garbage"],
  ['HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n3\r\n"A"\r\n0\r\nx-t: 1\r\n\r\n', '200 "A"', "chunked with a trailer"],
  ["HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nffffffffffff\r\nAAAA", "error: ", "a 2^48 chunk that never comes"],
  ['HTTP/1.1 200 OK\r\ntransfer-encoding: chunked, identity\r\n\r\n"A"', '200 "A"', "chunked not last (read to the close)"],
])("holds: %j (%s) — A gets its answer or an error, B gets B's on a new socket", async (first, a) => {
  peer.answer = (_req, s) => {
    if (peer.srv.connections === 1) {
      s.write(first);
      // What is not framed is read to the close: end it after a moment, as a server would.
      setTimeout(() => s.end(), 50);
    } else s.write('HTTP/1.1 200 OK\r\ncontent-length: 3\r\n\r\n"B"');
  };
  const gotA = await outcome(get("Key a:secret-a", { timeoutMs: 1_000 }));
  expect(gotA.startsWith(a)).toBe(true);
  expect(gotA).not.toContain("secret");
  expect(await outcome(get("Key b:secret-b"))).toBe('200 "B"');
  expect(peer.srv.connections).toBe(2);
});

it("closes an idle socket that receives bytes nobody asked for: the next call opens a new one", async () => {
  peer.answer = (_req, s) => {
    if (peer.srv.connections === 1) {
      s.write('HTTP/1.1 200 OK\r\ncontent-length: 3\r\n\r\n"A"');
      setTimeout(() => s.write('HTTP/1.1 200 OK\r\ncontent-length: 3\r\n\r\n"X"'), 10);
    } else s.write('HTTP/1.1 200 OK\r\ncontent-length: 3\r\n\r\n"B"');
  };
  expect(await outcome(get())).toBe('200 "A"');
  await new Promise((r) => setTimeout(r, 100));
  expect(await outcome(get("Key b:secret-b"))).toBe('200 "B"');
  expect(peer.srv.connections).toBe(2);
});

// OPEN (not fixed here): HTTP/1.1 cannot tell a late extra answer from the answer to the next request on
// the socket. A peer that answers A exactly, then sends more a moment later, is read by whichever call took
// the socket next, another user's included (node:http's agent has the same window). Closing it needs
// sockets kept per caller (a socket reused only for the same fal key): a cost the lead should weigh. This
// test is `fails` so it turns red the day the window is closed, and the marker can be dropped.
it.fails("KNOWN: a late extra answer after A's exact one is never read by B's next call", async () => {
  // The late bytes are sent as B's request arrives on A's socket (when the client kept it): deterministic.
  const servedA = new Set<net.Socket>();
  peer.answer = (req, s) => {
    const late = servedA.has(s) ? 'HTTP/1.1 200 OK\r\ncontent-length: 9\r\n\r\n"A-extra"' : "";
    if (req.head.includes("Key a:")) {
      servedA.add(s);
      s.write('HTTP/1.1 200 OK\r\ncontent-length: 3\r\n\r\n"A"');
    } else s.write(`${late}HTTP/1.1 200 OK\r\ncontent-length: 3\r\n\r\n"B"`);
  };
  expect(await outcome(get())).toBe('200 "A"');
  expect(await outcome(get("Key b:secret-b"))).toBe('200 "B"');
});

it("fails a TLS handshake with a plain-text peer, a refused connect and a header injection without the key", async () => {
  peer.answer = (_req, s) => s.write('HTTP/1.1 200 OK\r\ncontent-length: 3\r\n\r\n"A"');
  peer.srv.server.on("connection", (s) => s.write("HTTP/1.1 400 Bad Request\r\n\r\n")); // not a TLS hello answer
  const key = "Key leak-id:leak-secret";
  const tlsToPlain = await outcome(get(key, { url: `${peer.origin.replace("http:", "https:")}/queue/x` }));
  expect(tlsToPlain).toMatch(/^error: /);
  const closed = net.createServer();
  await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
  const port = (closed.address() as net.AddressInfo).port;
  await new Promise((r) => closed.close(r));
  const refused = await outcome(get(key, { url: `http://127.0.0.1:${port}/queue/x` }));
  expect(refused).toMatch(/^error: .*ECONNREFUSED/);
  const injected = await outcome(get(`${key}\r\nx-evil: 1`));
  expect(injected).toMatch(/^error: .*line break/);
  for (const t of [tlsToPlain, refused, injected]) expect(t).not.toContain("leak-secret");
});
