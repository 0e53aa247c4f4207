/**
 * The socket queue under abuse (src/fal/keepalive.ts, src/fal/fair-queue.ts): a long line of waiting calls
 * whose callers left must be skipped without growing the stack, and calls that time out or abort while
 * queued leave nothing behind. A loopback server holds its answers until the test releases them.
 */
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { waitFor as waitUntil } from "../helpers/wait-for.js";
import { MAX_SOCKETS_PER_CALLER, shortRequest } from "../../src/fal/keepalive.js";

let server: Server;
let origin: string;
let received = 0;
const held: ServerResponse[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    received++;
    req.resume();
    held.push(res);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const waitFor = (cond: () => boolean) => waitUntil(cond, 500);
const short = (who: string, extra: Partial<Parameters<typeof shortRequest>[0]> = {}) =>
  shortRequest({
    url: `${origin}/short`,
    method: "POST",
    headers: { authorization: `Key ${who}:secret` },
    body: "{}",
    timeoutMs: 30_000,
    ...extra,
  });

it("skips 8,000 queued calls whose callers left without recursing once per call (no stack overflow)", async () => {
  const first = Array.from({ length: MAX_SOCKETS_PER_CALLER }, () => short("burst"));
  await waitFor(() => held.length === MAX_SOCKETS_PER_CALLER);
  // Its share is taken: these wait. Their clients then leave (run_model waits of a closed session).
  let gone = false;
  const left = Array.from({ length: 8_000 }, () => short("burst", { dropIfUnsent: () => gone }).catch((e: { code?: string }) => e.code));
  const stays = short("burst");
  gone = true;
  const before = received;
  held.shift()!.end("{}");
  expect((await Promise.all(left)).every((c) => c === "ECANCELED")).toBe(true);
  await waitFor(() => received === before + 1);
  for (const res of held.splice(0)) res.end("{}");
  expect((await stays).status).toBe(200);
  await Promise.all(first);
});

it("leaves no count behind for calls that time out or abort while queued: the key gets its whole share again", async () => {
  const first = Array.from({ length: MAX_SOCKETS_PER_CALLER }, () => short("slow"));
  await waitFor(() => held.length === MAX_SOCKETS_PER_CALLER);
  const ac = new AbortController();
  const timedOut = Array.from({ length: 200 }, () => short("slow", { timeoutMs: 100 }).catch((e: { timedOut?: boolean }) => e.timedOut));
  const aborted = Array.from({ length: 200 }, () => short("slow", { signal: ac.signal }).catch(() => "aborted"));
  ac.abort();
  expect((await Promise.all(timedOut)).every((t) => t === true)).toBe(true);
  expect((await Promise.all(aborted)).every((t) => t === "aborted")).toBe(true);
  const before = received;
  for (const res of held.splice(0)) res.end("{}");
  await Promise.all(first);
  // None of the 400 that left was sent; the key again holds up to its share at once, and no more.
  expect(received).toBe(before);
  const again = Array.from({ length: MAX_SOCKETS_PER_CALLER + 1 }, () => short("slow"));
  await waitFor(() => held.length === MAX_SOCKETS_PER_CALLER);
  await new Promise((r) => setTimeout(r, 100));
  expect(held.length).toBe(MAX_SOCKETS_PER_CALLER);
  for (const res of held.splice(0)) res.end("{}");
  await waitFor(() => held.length === 1);
  held.splice(0)[0]!.end("{}");
  expect((await Promise.all(again)).every((a) => a.status === 200)).toBe(true);
});
