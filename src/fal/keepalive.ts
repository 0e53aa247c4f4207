/**
 * fal's short calls (submit, status, result, cancel) on bare sockets kept open between calls (./http1.ts):
 * node:http's client objects cost ~80 µs of CPU per call, one write and a read ~20 µs. At most 256 sockets
 * per origin, more calls wait their turn: thousands of run_model waits submit and finish in bursts.
 */
import net from "node:net";
import tls from "node:tls";
import {
  ChunkedDecoder,
  framingOf,
  type Head,
  MAX_HEAD_BYTES,
  parseHead,
  RawRequestError,
  requestText,
  splitUrl,
  type Target,
  targetOf,
} from "./http1.js";
import { FairQueue, ownerOf } from "./fair-queue.js";
import { IdleSockets } from "./idle-sockets.js";
import type { RawCall } from "./wire.js";

export const MAX_SOCKETS_PER_HOST = 256;
/** The most one caller (fal key) holds at once: others still get half (see fair-queue.ts). */
export const MAX_SOCKETS_PER_CALLER = MAX_SOCKETS_PER_HOST / 2;
/** Idle sockets kept per origin for the next calls; more are closed. */
const MAX_IDLE = 64;
/** How long an idle socket is kept: below the 5 s servers commonly keep one, so this side closes first. */
const IDLE_MS = 4_000;
/** The most a buffered answer may hold (outputs can carry data URIs; an upload's answer is small). */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;
/** Bytes of answers all calls are reading now, and their bound (each alone may be 64 MiB); tests lower it. */
export const reading = { bytes: 0, max: 256 * 1024 * 1024 };
/** An answer this small is read past that bound (by at most 256 sockets × 64 KiB per origin): the bound
 * refuses the large readers, never a submit's answer whose job fal has made (its request_id). */
const SMALL_ANSWER = 64 * 1024;
const EMPTY = Buffer.alloc(0);
/** `bytes` is null for 204/304. */
export type ShortAnswer = { status: number; headers: Head["headers"]; bytes: Buffer | null };
const closedEarly = () => new RawRequestError("the connection closed before an answer", "ECONNRESET");

/** One socket, and the exchange it carries, if any. */
class Conn {
  ex: Exchange | undefined;
  /** How long it may stay idle (a peer's Keep-Alive hint can shorten it). */
  idleMs = IDLE_MS;
  /** Calls sent on it: on a socket used before, the peer may have closed it while it was idle. */
  used = 0;
  idleSince = 0;

  constructor(
    readonly pool: Pool,
    readonly socket: net.Socket,
  ) {
    socket.setNoDelay(true);
    // Bytes nobody asked for are a peer out of step: the socket is not trusted again.
    socket.on("data", (b: Buffer) => (this.ex ? this.ex.data(b) : socket.destroy()));
    socket.on("end", () => (this.ex ? this.ex.peerEnded() : socket.destroy()));
    // Every socket has an error listener for its whole life (an error with none would end the process).
    socket.on("error", (e: NodeJS.ErrnoException) => this.ex?.broken(new RawRequestError(e.message, e.code)));
    socket.on("close", () => {
      this.ex?.broken(closedEarly());
      pool.closed(this);
    });
  }
}

/** The sockets to one origin, and the calls waiting for one. */
class Pool {
  open = 0;
  readonly idle = new IdleSockets<Conn>(MAX_IDLE);
  readonly queue = new FairQueue<Exchange>(MAX_SOCKETS_PER_CALLER);

  constructor(readonly target: Target) {}

  acquire(ex: Exchange): void {
    if (!ex.admit()) return;
    const c = this.queue.mayStart(ex.owner) ? this.idle.take() : undefined;
    if (c) ex.start(c);
    else if (this.open < MAX_SOCKETS_PER_HOST && this.queue.mayStart(ex.owner)) ex.start(this.connect());
    else this.queue.push(ex);
  }

  /** A socket whose exchange ended cleanly: to the next waiting call, or kept idle. */
  release(c: Conn): void {
    const next = this.nextAdmitted();
    if (next) next.start(c);
    else this.idle.keep(c);
  }

  closed(c: Conn) {
    this.open--;
    this.idle.drop(c);
    const next = this.nextAdmitted();
    if (next) next.start(this.connect());
  }

  /** The next waiting call still wanted: a loop (a call per dropped waiter overflowed the stack, 8,000 deep). */
  private nextAdmitted(): Exchange | undefined {
    for (let next = this.queue.next(); next; next = this.queue.next()) if (next.admit()) return next;
    return undefined;
  }

  private connect(): Conn {
    this.open++;
    const { host, port, secure } = this.target;
    const socket = secure
      ? tls.connect({ host, port, ALPNProtocols: ["http/1.1"], ...(net.isIP(host) ? {} : { servername: host }) })
      : net.connect({ host, port });
    return new Conn(this, socket);
  }
}

/** One call: waits for a socket, writes the request, reads the answer (bounded), hands the socket back. */
class Exchange {
  waiting = false;
  readonly owner: number;
  /** Counted in its owner's share of sockets (from start to end). */
  private counted = false;
  private conn: Conn | undefined;
  private settled = false;
  private retried = false;
  private head: Head | undefined;
  private got: Buffer = EMPTY;
  private readonly body: Buffer[] = [];
  private size = 0;
  /** Sized body: bytes left (Infinity: to the close). */
  private left = 0;
  private chunks: ChunkedDecoder | undefined;
  /** The socket may carry the next call once this answer is read. */
  private reusable = false;
  private readonly timer: ReturnType<typeof setTimeout>;
  private readonly onAbort = () => this.fail(this.call.signal!.reason);

  constructor(
    private readonly pool: Pool,
    private readonly call: RawCall,
    private readonly text: string,
    private readonly resolve: (a: ShortAnswer) => void,
    private readonly reject: (e: unknown) => void,
  ) {
    this.owner = ownerOf(call.headers.authorization);
    const ms = call.timeoutMs;
    this.timer = setTimeout(() => this.fail(new RawRequestError(`timed out after ${ms} ms`, undefined, true)), ms);
    call.signal?.addEventListener("abort", this.onAbort, { once: true });
    pool.acquire(this);
  }

  /** Asked as the call is about to get a socket (it may have waited for one): a caller gone by now is not sent. */
  admit(): boolean {
    if (!this.settled && this.call.dropIfUnsent?.())
      this.fail(new RawRequestError("not sent: the caller left while it waited for a connection", "ECANCELED"));
    return !this.settled;
  }

  start(c: Conn): void {
    this.conn = c;
    c.ex = this;
    c.used++;
    if (!this.counted) this.pool.queue.started(this.owner);
    this.counted = true;
    c.socket.write(this.text);
  }

  data(b: Buffer) {
    if (!this.head) {
      this.got = this.got.length ? Buffer.concat([this.got, b]) : b;
      const end = this.got.indexOf("\r\n\r\n");
      if (end < 0 || end > MAX_HEAD_BYTES) {
        if (this.got.length > MAX_HEAD_BYTES)
          this.fail(new RawRequestError(`the answer's head is over ${MAX_HEAD_BYTES} bytes`, undefined));
        return;
      }
      const h = parseHead(this.got.toString("latin1", 0, end));
      if (!h) return this.fail(new RawRequestError("the answer is not HTTP/1.1", undefined));
      const rest = this.got.subarray(end + 4);
      this.got = EMPTY;
      // An interim answer (100 Continue, 103 Early Hints) is not the answer: the real head follows.
      if (h.status < 200) return void (rest.length && this.data(rest));
      this.head = h;
      // How the body is delimited, and whether the socket may be reused after it (./http1.ts).
      const f = framingOf(h, this.call.method, this.call.body !== undefined);
      if (typeof f === "string") return this.fail(new RawRequestError(f, undefined));
      ({ left: this.left, reusable: this.reusable } = f);
      if (f.chunked) this.chunks = new ChunkedDecoder();
      const hint = /timeout=(\d+)/i.exec(String(h.headers["keep-alive"] ?? ""));
      if (hint && this.conn) this.conn.idleMs = Math.min(IDLE_MS, Number(hint[1]) * 1000 - 1000);
      if (this.left === 0 && !this.chunks) return this.complete(rest.length === 0);
      if (!rest.length) return;
      b = rest;
    }
    if (this.chunks) {
      const r = this.chunks.feed(b, (part) => this.keep(part));
      if (typeof r === "string") return this.fail(new RawRequestError(r, undefined));
      // The last chunk: reused only when no trailer fields follow (just the CRLF that ends the message).
      if (r >= 0) this.complete(b.length - r === 2 && b[r] === 13 && b[r + 1] === 10);
      return;
    }
    const take = Math.min(b.length, this.left);
    this.keep(take === b.length ? b : b.subarray(0, take));
    this.left -= take;
    if (this.left === 0) this.complete(take === b.length);
  }

  private keep(part: Buffer) {
    if (this.settled) return;
    this.size += part.length;
    reading.bytes += part.length;
    // Bounded while arriving: one oversized answer, or many large ones at once, must not fill memory.
    if (this.size > MAX_BODY_BYTES) this.fail(new RawRequestError(`the answer is over the ${MAX_BODY_BYTES}-byte limit`, undefined));
    else if (reading.bytes > reading.max && this.size > SMALL_ANSWER)
      this.fail(new RawRequestError(`answers being read from fal are over ${reading.max} bytes in all; try again shortly`, undefined));
    else this.body.push(part);
  }

  /** The peer closed its side: the end of a body read to the close, else a broken exchange. */
  peerEnded() {
    if (this.head && this.left === Infinity && !this.chunks) this.complete(false);
    else this.broken(closedEarly());
  }

  /** The socket failed or closed under this call. */
  broken(e: RawRequestError) {
    const c = this.conn;
    // A reused socket the peer closed while it was idle, before answering: a GET is safely sent again
    // once, on another socket. Anything else (a POST may have been taken) fails as it is.
    if (c && c.used > 1 && !this.head && !this.got.length && !this.retried && this.call.method === "GET" && !this.settled) {
      this.retried = true;
      this.detach(c).socket.destroy();
      // Its share is taken again when it gets its next socket.
      this.pool.queue.finished(this.owner);
      this.counted = false;
      return this.pool.acquire(this);
    }
    this.fail(e);
  }

  private complete(clean: boolean) {
    if (this.settled) return;
    this.end();
    const c = this.detach(this.conn!);
    if (clean && this.reusable && c.socket.writableLength === 0 && !c.socket.destroyed) this.pool.release(c);
    else c.socket.destroy();
    const { status } = this.head!;
    const bytes = status === 204 || status === 304 ? null : this.body.length === 1 ? this.body[0]! : Buffer.concat(this.body);
    this.resolve({ status, headers: this.head!.headers, bytes });
  }

  private fail(e: unknown) {
    if (this.settled) return;
    this.end();
    this.waiting = false;
    const c = this.conn;
    if (c) this.detach(c).socket.destroy();
    this.reject(e);
  }

  private detach(c: Conn) {
    this.conn = undefined;
    c.ex = undefined;
    return c;
  }

  private end() {
    this.settled = true;
    reading.bytes -= this.size;
    // Before its socket goes back or closes, which is when the next call is chosen.
    if (this.counted) this.pool.queue.finished(this.owner);
    clearTimeout(this.timer);
    this.call.signal?.removeEventListener("abort", this.onAbort);
  }
}

/** Per origin, its pool (fal's hosts and an emulator: a handful of origins). */
const pools = new Map<string, Pool>();

/** One short call to fal; a stream is not a short call (see node-event-stream.ts). */
export function shortRequest(call: RawCall): Promise<ShortAnswer> {
  return new Promise<ShortAnswer>((resolve, reject) => {
    if (call.signal?.aborted) return reject(call.signal.reason);
    const { origin, path } = splitUrl(call.url);
    let pool = pools.get(origin);
    if (!pool) {
      const target = targetOf(new URL(origin));
      if (target instanceof RawRequestError) return reject(target);
      // Bounded all the same: a dropped pool's sockets still finish their calls and then time out idle.
      if (pools.size >= 64) pools.clear();
      pool = new Pool(target);
      pools.set(origin, pool);
    }
    const text = requestText(call.method, path, pool.target.authority, call.headers, call.body);
    if (text instanceof RawRequestError) return reject(text);
    new Exchange(pool, call, text, resolve, reject);
  });
}
