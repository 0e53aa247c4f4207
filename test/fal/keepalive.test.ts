/**
 * fal's short calls over kept-open bare sockets (src/fal/keepalive.ts), against a loopback server that
 * writes its answers byte for byte as a test tells it: sockets are reused only when the answer was read
 * exactly and the peer keeps them; chunked, sized and close-delimited answers; a GET that meets a socket
 * the peer closed while idle is sent again once, a POST never; bad headers, oversized heads and deadlines
 * fail with a sentence and never the key.
 */
import type net from "node:net";
import { expect, it } from "vitest";
import { rawHttpEachTest } from "../helpers/raw-http.js";
import { createFalClient } from "../../src/fal/client.js";
import { reading, shortRequest } from "../../src/fal/keepalive.js";
import { nodeFetch } from "../../src/fal/node-fetch.js";

const peer = rawHttpEachTest();

const sized = (body: string, extra = "") =>
  `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n${extra}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
const call = (method: string, path: string, extra: Partial<Parameters<typeof shortRequest>[0]> = {}) =>
  shortRequest({
    url: `${peer.origin}${path}`,
    method,
    headers: { authorization: "Key id:secret" },
    ...(method === "POST" ? { body: '{"prompt":"a lake"}' } : {}),
    timeoutMs: 5_000,
    ...extra,
  });
const text = (a: { bytes: Buffer | null }) => a.bytes?.toString() ?? null;
/** Calls in sequence, and the connections they opened. */
const connectionsFor = async (...calls: (() => Promise<unknown>)[]) => {
  const before = peer.srv.connections;
  for (const c of calls) await c();
  return peer.srv.connections - before;
};

it("sends a call's request in one piece, and reuses one socket for calls in sequence", async () => {
  let seen = "";
  peer.answer = (req, s) => {
    seen = `${req.method} ${req.path} ${req.body}`;
    s.write(sized(`{"n":${req.n}}`));
  };
  const opened = await connectionsFor(...Array.from({ length: 20 }, (_, i) => () => call(i % 2 ? "GET" : "POST", "/queue/x?logs=1")));
  expect(opened).toBe(1);
  expect(seen).toBe("GET /queue/x?logs=1 ");
  const a = await call("POST", "/queue/y");
  expect(a.status).toBe(200);
  expect(a.headers["content-type"]).toBe("application/json");
  expect(seen).toBe('POST /queue/y {"prompt":"a lake"}');
});

it("reads chunked answers split at any byte, and a chunked answer with trailers does not reuse its socket", async () => {
  const chunked = 'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n4\r\n{"a"\r\n6;ext=1\r\n:"\u00e9"}\r\n0\r\n\r\n';
  peer.answer = (_, s) => {
    const bytes = Buffer.from(chunked);
    // One byte per write, each on its own turn: the reader sees every possible split.
    const step = (i: number) => (i < bytes.length ? s.write(bytes.subarray(i, i + 1), () => setImmediate(step, i + 1)) : undefined);
    step(0);
  };
  expect(text(await call("GET", "/c"))).toBe('{"a":"é"}');
  peer.answer = (_, s) => s.write("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\nx-trailer: 1\r\n\r\n");
  expect(
    await connectionsFor(
      () => call("GET", "/t"),
      () => call("GET", "/t"),
    ),
  ).toBe(2);
  peer.answer = (_, s) => s.write("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n");
  await expect(call("GET", "/bad")).rejects.toThrow("a chunk size is not a number");
});

it("closes the socket after Connection: close, a body read to the close, an error answer to a POST, or a short Keep-Alive", async () => {
  peer.answer = (_, s) => s.write(sized("{}", "connection: close\r\n"));
  expect(
    await connectionsFor(
      () => call("GET", "/a"),
      () => call("GET", "/a"),
    ),
  ).toBe(2);
  peer.answer = (_, s) => s.end("HTTP/1.1 200 OK\r\n\r\nto the close");
  expect(text(await call("GET", "/b"))).toBe("to the close");
  peer.answer = (_, s) => s.write(sized('{"detail":"no"}').replace("200 OK", "401 Unauthorized"));
  const refused = await call("POST", "/c");
  expect(refused.status).toBe(401);
  peer.answer = (_, s) => s.write(sized("{}"));
  expect(await connectionsFor(() => call("POST", "/c"))).toBe(1);
  // The peer keeps idle sockets 1 s: this side would not be first to close it, so it does not keep it.
  peer.answer = (_, s) => s.write(sized("{}", "keep-alive: timeout=1\r\n"));
  // (The first call takes the socket kept from the call before, then closes it.)
  expect(
    await connectionsFor(
      () => call("GET", "/d"),
      () => call("GET", "/d"),
      () => call("GET", "/d"),
    ),
  ).toBe(2);
  // 204 has no body even when a length is claimed.
  peer.answer = (_, s) => s.write("HTTP/1.1 204 No Content\r\n\r\n");
  expect((await call("GET", "/e")).bytes).toBeNull();
});

it("sends a GET again once when its reused socket was closed by the peer; a POST is never sent twice", async () => {
  // A request on a used connection meets a close without an answer (but /warm, which keeps one warm).
  peer.answer = (req, s) => (req.n > 1 && req.path !== "/warm" ? s.destroy() : s.write(sized(`{"n":${req.n}}`)));
  await call("GET", "/warm");
  const before = peer.srv.requests;
  expect(text(await call("GET", "/again"))).toBe('{"n":1}');
  expect(peer.srv.requests - before).toBe(2);
  await call("POST", "/warm");
  const beforePost = peer.srv.requests;
  await expect(call("POST", "/once")).rejects.toMatchObject({ code: "ECONNRESET" });
  expect(peer.srv.requests - beforePost).toBe(1);
});

it("refuses a header that would split the request, an oversized head, and a call past its deadline, without the key", async () => {
  const injected = await call("GET", "/x", { headers: { authorization: "Key id:secret\r\nx-evil: 1" } }).catch((e) => e);
  expect(injected.message).toMatch(/line break/);
  expect(injected.message).not.toContain("secret");
  peer.answer = (_, s) => s.write(`HTTP/1.1 200 OK\r\nx-big: ${"a".repeat(20_000)}\r\n\r\n`);
  await expect(call("GET", "/big")).rejects.toThrow(/head is over 16384 bytes/);
  peer.answer = () => undefined; // never answers
  const late = await call("POST", "/slow", { timeoutMs: 100 }).catch((e) => e);
  expect(late).toMatchObject({ timedOut: true, message: "timed out after 100 ms" });
  const ac = new AbortController();
  const pending = call("GET", "/slow", { signal: ac.signal });
  ac.abort(new Error("the caller left"));
  await expect(pending).rejects.toThrow("the caller left");
  // The server is still there and a new call is answered on a fresh socket.
  peer.answer = (_, s) => s.write(sized("{}"));
  expect((await call("GET", "/after")).status).toBe(200);
});

it("bounds what all calls together are reading of answers, and gives it back as each call ends", async () => {
  const max = reading.max;
  reading.max = 1024 * 1024; // four answers of 300 KB at once pass it
  const part = "x".repeat(300 * 1024);
  const rests: (() => void)[] = [];
  peer.answer = (_, s) => {
    s.write(`HTTP/1.1 200 OK\r\ncontent-length: ${part.length + 2}\r\n\r\n${part}`);
    rests.push(() => s.write("{}"));
  };
  try {
    const calls = Array.from({ length: 4 }, () => call("GET", "/big").catch((e: Error) => e));
    const refused = await Promise.race(calls.map((c) => c.then((r) => (r instanceof Error ? r : new Promise<never>(() => undefined)))));
    expect(refused.message).toMatch(/answers being read from fal are over 1048576 bytes in all/);
    for (const rest of rests) rest();
    const done = await Promise.all(calls);
    expect(done.filter((d) => !(d instanceof Error)).length).toBe(3);
    expect(reading.bytes).toBe(0);
  } finally {
    reading.max = max;
  }
});

it("says so when fal accepts a submit without a request id (an empty or odd 200), instead of failing later", async () => {
  const fal = createFalClient({ key: "id:secret", urls: { queue: `${peer.origin}/queue`, run: `${peer.origin}/run` }, fetch: nodeFetch });
  for (const body of ["", '{"status":"IN_QUEUE"}', "[]"]) {
    peer.answer = (_, s) => s.write(sized(body));
    await expect(fal.submit("fal-ai/flux/dev", { prompt: "x" })).rejects.toThrow(/no request_id; the job may or may not exist/);
  }
});

it("never hands out an idle socket its peer has closed, even before that socket's close event (a POST is not lost)", async () => {
  // The peer closes its other (idle) sockets as it answers /trigger, in one turn: this side reads that
  // end and the answer in one turn of its loop, and the calls made on the answer come before the closed
  // socket's 'close' event (a turn later), when it was still in the idle list.
  let lost = 0;
  for (let round = 0; round < 10; round++) {
    peer.answer = (req, s) => {
      if (req.path === "/trigger") for (const other of peer.srv.sockets) if (other !== s) other.destroy();
      s.write(sized("{}"));
    };
    await Promise.all([call("GET", "/a"), call("GET", "/b")]); // two sockets kept idle
    await call("GET", "/trigger");
    // Two at once: the socket /trigger used (kept last) and the one the peer closed.
    const posts = await Promise.all([call("POST", "/p"), call("POST", "/p")].map((p) => p.catch((e: Error) => e)));
    lost += posts.filter((p) => p instanceof Error).length;
  }
  expect(lost).toBe(0);
});

it("gives back every byte it counted as being read, on each way a call ends", async () => {
  const half = (s: net.Socket) => s.write("HTTP/1.1 200 OK\r\ncontent-length: 100000\r\n\r\n" + "x".repeat(50_000));
  // Timed out, cancelled, and cut by the peer, each halfway through a body.
  peer.answer = (_, s) => half(s);
  const slow = call("GET", "/slow", { timeoutMs: 300 }).catch((e: unknown) => e);
  while (reading.bytes === 0) await new Promise((r) => setTimeout(r, 5));
  expect(reading.bytes).toBe(50_000); // counted while it arrives
  expect(await slow).toMatchObject({ timedOut: true });
  const ac = new AbortController();
  peer.answer = (_, s) => {
    half(s);
    setTimeout(() => ac.abort(new Error("the caller left")), 30);
  };
  await expect(call("GET", "/cancel", { signal: ac.signal })).rejects.toThrow("the caller left");
  peer.answer = (_, s) => {
    half(s);
    setTimeout(() => s.destroy(), 30);
  };
  await expect(call("POST", "/cut")).rejects.toMatchObject({ code: "ECONNRESET" });
  // A chunked body that goes bad after some bytes, a 204 claiming a length, and a GET sent again.
  peer.answer = (_, s) => s.write("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\n");
  await expect(call("GET", "/bad")).rejects.toThrow(/chunk size/);
  peer.answer = (_, s) => s.write("HTTP/1.1 204 No Content\r\ncontent-length: 5\r\n\r\n");
  expect((await call("GET", "/none")).bytes).toBeNull();
  peer.answer = (req, s) => (req.n > 1 && req.path === "/again" ? s.destroy() : s.write(sized('{"ok":1}')));
  await call("GET", "/warm");
  expect(text(await call("GET", "/again"))).toBe('{"ok":1}');
  expect(reading.bytes).toBe(0);
});

it("keeps no process alive with its idle sockets (nor with its sweep), and counts one again once a call takes it", async () => {
  // The server's own side of the socket is left out of the count (unref'd); what changes is the pool's.
  const sockets = () => process.getActiveResourcesInfo().filter((r) => r === "TCPSocketWrap").length;
  let inUse = -1;
  peer.answer = (_, s) => {
    s.unref();
    inUse = sockets();
    s.write(sized("{}", "keep-alive: timeout=60\r\n"));
  };
  expect((await call("GET", "/x")).status).toBe(200);
  await new Promise((r) => setImmediate(r));
  expect(sockets()).toBe(inUse - 1); // kept (the server holds it open) but holds no loop alive
  let held = -1;
  peer.answer = (_, s) => {
    held = sockets(); // while the next call is on it, it holds the loop again
    s.write(sized("{}"));
  };
  expect(await connectionsFor(() => call("GET", "/y"))).toBe(0);
  expect(held).toBe(inUse);
});

it("never refuses a small answer (a submit's request_id) for what other calls are reading: the large ones are", async () => {
  const max = reading.max;
  reading.max = 1024 * 1024;
  // Three large answers hold all but 100 bytes of the bound, each halfway through its body.
  const part = "x".repeat((reading.max - 100) / 3);
  const rests: (() => void)[] = [];
  peer.answer = (req, s) => {
    if (req.path === "/submit") return void s.write(sized(JSON.stringify({ request_id: "r1", pad: "y".repeat(200) })));
    s.write(`HTTP/1.1 200 OK\r\ncontent-length: ${part.length + 2}\r\n\r\n${part}`);
    rests.push(() => s.write("{}"));
  };
  try {
    const large = Array.from({ length: 3 }, () => call("GET", "/big").catch((e: Error) => e));
    while (reading.bytes < reading.max - 100) await new Promise((r) => setTimeout(r, 5));
    // Its 200-odd bytes pass the bound: it is read all the same, the job's id is not lost.
    expect(JSON.parse(text(await call("POST", "/submit"))!).request_id).toBe("r1");
    for (const rest of rests) rest();
    for (const d of await Promise.all(large)) expect(d).not.toBeInstanceOf(Error);
    expect(reading.bytes).toBe(0);
  } finally {
    reading.max = max;
  }
});
