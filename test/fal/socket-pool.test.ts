/**
 * The server's calls to fal share a bounded socket pool per host: a burst of short calls (thousands of
 * run_model waits submitting or finishing at once) queues for MAX_SOCKETS_PER_HOST sockets instead of
 * opening one each, and every call still completes. Event streams (a wait holds one for its whole job)
 * have a pool of their own and never queue behind it.
 */
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { waitFor } from "../helpers/wait-for.js";
import { MAX_SOCKETS_PER_CALLER } from "../../src/fal/keepalive.js";
import { MAX_SOCKETS_PER_HOST, rawRequest } from "../../src/fal/node-fetch.js";

let server: Server;
let origin: string;
let open = 0;
let peak = 0;
let received = 0;
const held: ServerResponse[] = [];
beforeAll(async () => {
  // Answers are held until the test releases them, so every call in a burst is in flight at once.
  server = createServer((req, res) => {
    received++;
    req.resume();
    if (req.url === "/stream") {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(": open\n\n");
    }
    held.push(res);
  });
  server.on("connection", (s) => {
    peak = Math.max(peak, ++open);
    s.on("close", () => open--);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

/** One short call (a submit's shape) to the holding server, for caller `who` (a fal key). */
const short = (dropIfUnsent?: () => boolean, who = `k${Math.floor(Math.random() * 4)}`) =>
  rawRequest({
    url: `${origin}/short`,
    method: "POST",
    headers: { authorization: `Key ${who}:secret` },
    body: "{}",
    timeoutMs: 20_000,
    ...(dropIfUnsent ? { dropIfUnsent } : {}),
  });

it("queues a burst of short calls for the pool's sockets, and answers them all", async () => {
  peak = 0;
  const n = MAX_SOCKETS_PER_HOST + 64;
  // Four callers, so the pool's cap binds, not one caller's share.
  const calls = Array.from({ length: n }, (_, i) => short(undefined, `k${i % 4}`));
  await waitFor(() => held.length === MAX_SOCKETS_PER_HOST);
  await new Promise((r) => setTimeout(r, 100)); // no more arrive while the pool is full
  expect(held.length).toBe(MAX_SOCKETS_PER_HOST);
  // Release answers as they come: the queued calls take the freed sockets.
  let answered = 0;
  while (answered < n) {
    await waitFor(() => held.length > 0);
    for (const res of held.splice(0)) {
      res.end('{"ok":true}');
      answered++;
    }
  }
  const answers = await Promise.all(calls);
  expect(answers.every((a) => a.status === 200)).toBe(true);
  expect(peak).toBeLessThanOrEqual(MAX_SOCKETS_PER_HOST);
});

it("never sends a queued call whose caller left while it waited for a socket", async () => {
  const full = Array.from({ length: MAX_SOCKETS_PER_HOST }, (_, i) => short(undefined, `k${i % 4}`));
  await waitFor(() => held.length === MAX_SOCKETS_PER_HOST);
  let gone = false;
  const queued = short(() => gone);
  const stays = short(() => false);
  gone = true; // its client leaves while it waits for a socket
  const before = received;
  for (const res of held.splice(0)) res.end("{}");
  await expect(queued).rejects.toMatchObject({ code: "ECANCELED" });
  // The other queued call was sent and answered; the dropped one never reached the server.
  await waitFor(() => held.length === 1);
  held.splice(0)[0]!.end("{}");
  expect((await stays).status).toBe(200);
  await Promise.all(full);
  expect(received - before).toBe(1);
});

it("lets callers take turns: one key's backlog holds at most half the sockets and never delays another key's call", async () => {
  const backlog = Array.from({ length: MAX_SOCKETS_PER_HOST + 100 }, () => short(undefined, "busy"));
  await waitFor(() => held.length === MAX_SOCKETS_PER_CALLER);
  await new Promise((r) => setTimeout(r, 100)); // the rest of its backlog waits, with sockets to spare
  expect(held.length).toBe(MAX_SOCKETS_PER_CALLER);
  // Another caller's call goes out at once, ahead of the backlog.
  const other = short(undefined, "other");
  await waitFor(() => held.length === MAX_SOCKETS_PER_CALLER + 1);
  held.pop()!.end('{"other":true}');
  expect((await other).status).toBe(200);
  // With the pool full, a freed socket goes to the caller holding the fewest: "other", not "busy".
  const more = Array.from({ length: MAX_SOCKETS_PER_HOST }, (_, i) => short(undefined, `k${i % 2}`));
  await waitFor(() => held.length === MAX_SOCKETS_PER_HOST);
  const late = short(undefined, "other");
  held.shift()!.end("{}"); // a "busy" call ends: its socket is next for "other"
  await waitFor(() => held.length === MAX_SOCKETS_PER_HOST);
  held.pop()!.end('{"late":true}');
  expect((await late).bytes?.toString()).toBe('{"late":true}');
  let answered = 0;
  const total = backlog.length + more.length;
  while (answered < total - 1) {
    await waitFor(() => held.length > 0);
    for (const res of held.splice(0)) {
      res.end("{}");
      answered++;
    }
  }
  expect((await Promise.all([...backlog, ...more])).every((a) => a.status === 200)).toBe(true);
});

it("opens event streams beyond the short calls' cap: a wait never queues behind the pool", async () => {
  const n = MAX_SOCKETS_PER_HOST + 32;
  const streams = await Promise.all(
    Array.from({ length: n }, () =>
      rawRequest({ url: `${origin}/stream`, method: "GET", headers: { accept: "text/event-stream" }, timeoutMs: 20_000, stream: true }),
    ),
  );
  expect(streams.every((s) => s.stream)).toBe(true);
  expect(held.length).toBe(n);
  for (const s of streams) s.stream!.destroy?.();
  for (const res of held.splice(0)) res.end();
});
