/**
 * A hostile fal on loopback against run_model's wait (the fal client's watchStatus over node-event-stream's
 * bare socket), now that a status stream's answer is framed by framingOf: strict Content-Length, a coding
 * other than chunked read to the close, 204/304 empty. Each attack must end the wait in time (no hang), close
 * the socket (no leak: the server sees every connection closed), and never read a status the framing does
 * not carry (no mis-read).
 */
import { expect, it } from "vitest";
import { createFalClient } from "../../src/fal/client.js";
import { nodeFetch } from "../../src/fal/node-fetch.js";
import { openEventStream } from "../../src/fal/node-event-stream.js";
import { rawHttpEachTest } from "../helpers/raw-http.js";
import { waitFor } from "../helpers/wait-for.js";

const peer = rawHttpEachTest();

const COMPLETED = 'data: {"status":"COMPLETED","request_id":"r1"}\n\n';
const PROGRESS = 'data: {"status":"IN_PROGRESS","request_id":"r1"}\n\n';

/** One wait as run_model starts it, against the hostile server: how it ended, the statuses it read, how long. */
async function wait(timeoutMs: number, waitMs: number) {
  const fal = createFalClient({ key: "k:secret", urls: { queue: peer.srv.origin }, fetch: nodeFetch, timeoutMs });
  const seen: string[] = [];
  const t0 = Date.now();
  const end = await fal
    .watchStatus("fal-ai/flux/dev", "r1", { logs: true, deadline: Date.now() + waitMs, onStatus: (s) => seen.push(s.status) })
    .catch((e: Error) => `failed: ${e.message}`);
  return { end, seen, ms: Date.now() - t0 };
}
const allClosed = () => waitFor(() => peer.srv.sockets.size === 0, 300).then(() => peer.srv.sockets.size);

it("an error answer read to the close (a non-chunked coding) that never closes: the open times out, the socket is closed", async () => {
  peer.answer = (_req, s) => s.write('HTTP/1.1 500 Oops\r\ntransfer-encoding: gzip\r\ncontent-length: 5\r\n\r\n"bad"');
  const w = await wait(400, 10_000);
  expect(w.end).toMatch(/^failed: status stream to .* failed/);
  expect(w.ms).toBeLessThan(5_000);
  expect(await allClosed()).toBe(0);
});

it("an error answer read to the close that never ends is cut at the error-body bound, not held", async () => {
  peer.answer = (_req, s) => {
    s.write("HTTP/1.1 502 Bad\r\ntransfer-encoding: identity\r\n\r\n");
    const block = "x".repeat(64 * 1024);
    let sent = 0;
    const more = () => {
      if (s.destroyed || sent > 4 * 1024 * 1024) return;
      sent += block.length;
      if (s.write(block)) setImmediate(more);
      else s.once("drain", more);
    };
    more();
  };
  const got = await openEventStream({
    url: `${peer.srv.origin}/x/status/stream`,
    method: "GET",
    headers: {},
    timeoutMs: 10_000,
    stream: true,
  }).then(
    () => "answered",
    (e: Error) => e.message,
  );
  expect(got).toBe("the answer is over 1048576 bytes");
  expect(await allClosed()).toBe(0);
});

it("a 204 'event stream' is empty, a 304 is not a stream: the COMPLETED written after either head is not read", async () => {
  for (const [status, end] of [
    ["204 No Content", "ended"],
    ["304 Not Modified", "failed: fal answered HTTP 304"],
  ]) {
    peer.answer = (_req, s) => s.write(`HTTP/1.1 ${status}\r\ncontent-type: text/event-stream\r\n\r\n${COMPLETED}`);
    const w = await wait(2_000, 10_000);
    expect({ status, end: w.end, seen: w.seen }).toEqual({ status, end, seen: [] });
    expect(await allClosed()).toBe(0);
  }
});

it("an event stream sized by Content-Length ends there: a COMPLETED past the length is not read", async () => {
  peer.answer = (_req, s) =>
    s.write(`HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncontent-length: ${PROGRESS.length}\r\n\r\n${PROGRESS}${COMPLETED}`);
  const w = await wait(2_000, 10_000);
  expect(w).toMatchObject({ end: "ended", seen: ["IN_PROGRESS"] });
  expect(await allClosed()).toBe(0);
});

it("an event stream whose Content-Length is not one number is refused, whatever Number() would make of it", async () => {
  for (const length of ["0x40", "+64", "6.4e1", "64, 65", " ", "-1"]) {
    peer.answer = (_req, s) =>
      s.write(`HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncontent-length: ${length}\r\n\r\n${PROGRESS}${COMPLETED}`);
    const w = await wait(2_000, 10_000);
    expect({ length, end: w.end, seen: w.seen }).toEqual({ length, end: expect.stringMatching(/^failed: status stream to/), seen: [] });
  }
  expect(await allClosed()).toBe(0);
});

it("an event stream read to the close that goes silent ends at the wait's deadline and closes its socket", async () => {
  peer.answer = (_req, s) => s.write(`HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: gzip\r\n\r\n${PROGRESS}`);
  const w = await wait(2_000, 600);
  expect(w).toMatchObject({ end: "stopped", seen: ["IN_PROGRESS"] });
  expect(await allClosed()).toBe(0);
});

it("a storm of interim (1xx) answers in one packet neither overflows the stack nor outlives the open's timeout", async () => {
  peer.answer = (_req, s) => {
    const storm = "HTTP/1.1 100 Continue\r\n\r\n".repeat(20_000);
    s.write(storm);
    s.write(`HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncontent-length: ${COMPLETED.length}\r\n\r\n${COMPLETED}`);
  };
  const w = await wait(5_000, 10_000);
  expect(w).toMatchObject({ end: "completed", seen: ["COMPLETED"] });
  expect(await allClosed()).toBe(0);
});

it("an error answer is read by its framing: exactly its Content-Length, or to the close under another coding", async () => {
  const open = () =>
    openEventStream({
      url: `${peer.srv.origin}/queue/x/requests/1/status/stream`,
      method: "GET",
      headers: {},
      timeoutMs: 3_000,
      stream: true,
    }).then(
      (a) => `${a.status} ${a.bytes?.toString() ?? "stream"}`,
      (e: Error) => `error: ${e.message}`,
    );
  peer.answer = (_req, s) => s.write('HTTP/1.1 500 Oops\r\ncontent-length: 5\r\n\r\n"bad"and-more');
  expect(await open()).toBe('500 "bad"');
  // Content-Length is not read beside a coding other than chunked (read to the close, as RFC 9112 §6.3 says).
  peer.answer = (_req, s) => s.end('HTTP/1.1 500 Oops\r\ntransfer-encoding: gzip\r\ncontent-length: 2\r\n\r\n"whole"');
  expect(await open()).toBe('500 "whole"');
  peer.answer = (_req, s) => s.write('HTTP/1.1 500 Oops\r\ncontent-length: 0x5\r\n\r\n"bad"');
  expect(await open()).toBe("error: the answer's Content-Length is not one number");
  expect(await allClosed()).toBe(0);
});
