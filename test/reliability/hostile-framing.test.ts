/**
 * Two users of one hosted `fal-mcp serve`, and a fal on loopback that answers one of them (A) with every
 * framing trick that could leave bytes of A's answer on a kept-open socket: Content-Length lies, a second
 * answer in the same packet, chunked with a Content-Length, a chunk longer than its size, a folded header,
 * a 204 with a body, HTTP/1.0 keep-alive, trailers. User B's calls, interleaved on the same pool, must
 * only ever get B's own answers; no key appears in any answer or in what the server prints.
 */
import type net from "node:net";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, expect, it } from "vitest";
import { queuedAnswer } from "../helpers/hostile-fal.js";
import { startCli, type Proc, falUrlsEnv } from "../helpers/processes.js";
import { type RawHttpServer, startRawHttp } from "../helpers/raw-http.js";
import { callTool, httpClient } from "../e2e/wire.js";

const KEY_A = "user-a-id:user-a-secret";
const KEY_B = "user-b-id:user-b-secret";

const sized = (body: string, head = "HTTP/1.1 200 OK") =>
  `${head}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`;
const chunk = (s: string) => `${s.length.toString(16)}\r\n${s}\r\n`;
const extra = (n: number) => sized(queuedAnswer(`A-PRIVATE-EXTRA-${n}`));
/**
 * Each answers A's n-th call; `later` is written first on that socket when its next request comes (a peer
 * out of step answers the next request with the rest of A's): read only if the client kept the socket.
 */
const tricks: ((n: number) => { now: string; later?: string })[] = [
  (n) => ({ now: sized(queuedAnswer(`A-PRIVATE-${n}`)).replace(/content-length: /, "content-length: +"), later: extra(n) }),
  (n) => ({ now: sized(queuedAnswer(`A-PRIVATE-${n}`)) + extra(n) }),
  (n) => ({
    now: `HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\ncontent-length: 5\r\n\r\n${chunk(queuedAnswer(`A-PRIVATE-${n}`))}0\r\n\r\n`,
    later: extra(n),
  }),
  (n) => ({ now: "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n1\r\n{xy0\r\n\r\n", later: extra(n) }),
  (n) => ({ now: sized(queuedAnswer(`A-PRIVATE-${n}`)).replace("content-type", "x-a: 1\r\n content-type"), later: extra(n) }),
  (n) => ({ now: `HTTP/1.1 204 No Content\r\n\r\n${extra(n)}` }),
  (n) => ({ now: sized(queuedAnswer(`A-PRIVATE-${n}`), "HTTP/1.0 200 OK\r\nconnection: keep-alive"), later: extra(n) }),
  (n) => ({
    now: `HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n${chunk(queuedAnswer(`A-PRIVATE-${n}`))}0\r\nx-t: 1\r\n\r\n`,
    later: extra(n),
  }),
];

let fal: RawHttpServer;
let srv: Proc;
let a: Client;
let b: Client;
let aCalls = 0;
let bCalls = 0;
beforeAll(async () => {
  // What a socket is to get first when its next request comes (see `later` above).
  const later = new WeakMap<net.Socket, string>();
  fal = await startRawHttp((req, s) => {
    const pending = later.get(s);
    if (pending) s.write(pending);
    later.delete(s);
    if (req.head.includes(KEY_A)) {
      const t = tricks[aCalls % tricks.length]!(aCalls++);
      s.write(t.now);
      if (t.later) later.set(s, t.later);
    } else s.write(sized(queuedAnswer(`b-${bCalls++}`)));
  });
  srv = await startCli(["serve", "--port", "0", "--no-live"], falUrlsEnv(fal.origin));
  a = await httpClient(srv.url, KEY_A);
  b = await httpClient(srv.url, KEY_B);
}, 60_000);
afterAll(async () => {
  await a?.close();
  await b?.close();
  await srv?.stop();
  await fal?.close();
});

it("never gives user B any byte of an answer fal framed oddly for user A, and never shows a key", async () => {
  const submit = (c: Client) => callTool(c, "submit_job", { endpoint_id: "fal-ai/flux/dev", input: { prompt: "a lake" } });
  const bTexts: string[] = [];
  const aTexts: string[] = [];
  for (let round = 0; round < tricks.length * 2; round++) {
    // A's odd answer first, then B's calls at once and while A's is still being read.
    const [ra, ...rb] = await Promise.all([submit(a), submit(b), submit(b)]);
    aTexts.push(ra!.text);
    for (const r of rb) {
      expect(r.isError, r.text).toBe(false);
      bTexts.push(r.text);
    }
    const [rb2] = await Promise.all([submit(b), submit(a)]);
    expect(rb2!.isError, rb2!.text).toBe(false);
    bTexts.push(rb2!.text);
  }
  expect(bTexts.length).toBe(tricks.length * 2 * 3);
  for (const t of bTexts) {
    expect(t).not.toContain("A-PRIVATE");
    expect(t).toMatch(/b-\d+/);
  }
  // A's answers were read (some refused with a sentence), but the extra answers behind them never were.
  expect(aTexts.join("\n")).toContain("A-PRIVATE-");
  expect(aTexts.join("\n")).not.toContain("A-PRIVATE-EXTRA");
  for (const t of [...aTexts, ...bTexts, srv.output()]) {
    expect(t).not.toContain("user-a-secret");
    expect(t).not.toContain("user-b-secret");
  }
  expect(srv.child.exitCode).toBeNull();
  // The pool was used: B's honest answers kept their sockets.
  expect(fal.connections).toBeLessThan(fal.requests);
}, 120_000);
