/**
 * A status stream over a bare socket, for run_model waits on Node. Each wait holds its job's stream for as
 * long as the job runs, and thousands run at once. Through node:http a held stream measured ~5.9 KB of
 * heap (ClientRequest, IncomingMessage, an HTTP parser, the agent's bookkeeping, header strings) plus the
 * parser's native state; a bare socket measured ~1.6 KB. So this sends one GET, reads the answer's
 * head (bounded), and hands over the body (chunked, sized or to the close) as a small stream object.
 * Anything that is not a 2xx event stream is read whole (bounded) and answered like RawRequest does.
 */
import net from "node:net";
import { StringDecoder } from "node:string_decoder";
import tls from "node:tls";
import {
  ChunkedDecoder,
  framingOf,
  MAX_HEAD_BYTES,
  parseHead,
  RawRequestError as StreamOpenError,
  requestText,
  targetOf,
} from "./http1.js";
import type { RawCall, RawStream } from "./wire.js";

type Answer = Awaited<ReturnType<RawStream>>;
type Listener = (arg?: unknown) => void;

/** The most a non-stream answer (an error body) may hold. */
const MAX_ERROR_BODY_BYTES = 1024 * 1024;
const EMPTY = Buffer.alloc(0);

/**
 * GET `call.url` asking for an event stream. Resolves once the answer's head arrives: a 2xx event stream
 * as `stream` (the caller then owns it, and must destroy it when done or on its own signal), anything
 * else as status, headers and bytes. `timeoutMs` covers the connection and the head (or the whole answer).
 */
export const openEventStream: RawStream = (call: RawCall) =>
  new Promise<Answer>((resolve, reject) => {
    const { signal } = call;
    if (signal?.aborted) return reject(signal.reason);
    const u = new URL(call.url);
    const t = targetOf(u);
    if (t instanceof StreamOpenError) return reject(t);
    // No "Connection: close": the peer would then close first, and on loopback its TIME_WAIT entries
    // collide with new connections to it (measured: ECONNRESET on submits during 5,000 waits). We close
    // first instead: the socket is destroyed when the body ends or the reader leaves; it is never reused.
    let head = requestText("GET", `${u.pathname}${u.search}`, t.authority, call.headers);
    if (head instanceof StreamOpenError) return reject(head);
    const { host, port } = t;
    const socket = t.secure ? tls.connect({ host, port, ...(net.isIP(host) ? {} : { servername: host }) }) : net.connect({ host, port });
    socket.setNoDelay(true);

    let settled = false;
    const done = (e: Error | undefined, answer?: Answer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      if (e) {
        socket.destroy();
        reject(e);
      } else resolve(answer!);
    };
    const { timeoutMs } = call;
    const timer = setTimeout(() => done(new StreamOpenError(`timed out after ${timeoutMs} ms`, undefined, true)), timeoutMs);
    const onAbort = () => done(signal!.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    // Every socket keeps an error listener for its whole life (an error with none would end the process).
    socket.on("error", (e: NodeJS.ErrnoException) => done(new StreamOpenError(e.message, e.code)));
    socket.write(head);
    head = ""; // the key is in it: not kept for the life of the stream

    let got: Buffer = EMPTY;
    let parsed = false;
    const errorBody: Buffer[] = [];
    let errorBytes = 0;
    const onData = (chunk: Buffer) => {
      if (!parsed) {
        got = got.length ? Buffer.concat([got, chunk]) : chunk;
        const end = got.indexOf("\r\n\r\n");
        if (end < 0) {
          if (got.length > MAX_HEAD_BYTES) done(new StreamOpenError(`the answer's head is over ${MAX_HEAD_BYTES} bytes`, undefined));
          return;
        }
        if (end > MAX_HEAD_BYTES) return done(new StreamOpenError(`the answer's head is over ${MAX_HEAD_BYTES} bytes`, undefined));
        const p = parseHead(got.toString("latin1", 0, end));
        if (!p) return done(new StreamOpenError("the answer is not HTTP/1.1", undefined));
        const rest = got.subarray(end + 4);
        // An interim answer (100 Continue, 103 Early Hints) is not the answer: the real head follows.
        if (p.status < 200) {
          got = EMPTY;
          if (rest.length) onData(rest);
          return;
        }
        got = EMPTY;
        parsed = true;
        socket.removeListener("data", onData);
        socket.removeListener("end", onEnd);
        // Held until the body's reader is there (it attaches after this promise settles).
        socket.pause();
        // Framed by the same strict rules as the short calls (http1.ts): a Content-Length that is not one
        // number ("+3", "0x3", "3, 4") is refused, not read as some length.
        const framing = framingOf(p, "GET", false);
        if (typeof framing === "string") return done(new StreamOpenError(framing, undefined));
        const body = new Body(socket, framing, rest);
        const type = p.headers["content-type"];
        if (p.status >= 200 && p.status < 300 && typeof type === "string" && type.startsWith("text/event-stream"))
          // No headers with a stream: nobody reads them, and they would be held as long as the wait.
          return done(undefined, { status: p.status, headers: {}, bytes: null, stream: body });
        // Not a stream: the body (fal's error) is read whole through the same decoding, then answered.
        body.on("data", (c: Buffer) => {
          errorBytes += c.length;
          if (errorBytes > MAX_ERROR_BODY_BYTES) done(new StreamOpenError(`the answer is over ${MAX_ERROR_BODY_BYTES} bytes`, undefined));
          else errorBody.push(c);
        });
        body.on("end", () => {
          socket.destroy();
          done(undefined, { status: p.status, headers: p.headers, bytes: Buffer.concat(errorBody) });
        });
      }
    };
    const onEnd = () => done(new StreamOpenError("the connection closed before an answer", "ECONNRESET"));
    socket.on("data", onData);
    socket.on("end", onEnd);
    socket.on("close", () => done(new StreamOpenError("the connection closed before an answer", "ECONNRESET")));
  });

/**
 * An answer's body over the socket: chunked, sized by Content-Length, or until the close. Shaped like the
 * part of a Node stream the status reader uses (one listener per event; `setEncoding("utf8")`).
 */
class Body {
  private listeners: Partial<Record<"data" | "end" | "close" | "error", Listener>> = {};
  private decoder: StringDecoder | undefined;
  /** Sized: bytes left (Infinity: to the close). */
  private left: number;
  private readonly chunks: ChunkedDecoder | undefined;
  private ended = false;
  private started = false;

  constructor(
    private readonly socket: net.Socket,
    framing: { left: number; chunked: boolean },
    /** What came in with the head, fed once reading starts. */
    private rest: Buffer,
  ) {
    this.chunks = framing.chunked ? new ChunkedDecoder() : undefined;
    this.left = framing.left;
  }

  setEncoding(_: "utf8") {
    this.decoder = new StringDecoder("utf8");
    return this;
  }

  /** Reading starts on the turn after the `data` listener comes, so the others set beside it see everything. */
  on(event: "data", fn: ((chunk: string) => void) | ((chunk: Buffer) => void)): this;
  on(event: "end" | "close", fn: () => void): this;
  on(event: "error", fn: (e: Error) => void): this;
  on(event: "data" | "end" | "close" | "error", fn: (arg: never) => void): this {
    this.listeners[event] = fn as Listener;
    if (event === "data" && !this.started) {
      this.started = true;
      process.nextTick(() => this.start());
    }
    return this;
  }

  destroy() {
    this.socket.destroy();
    return this;
  }

  private start() {
    const s = this.socket;
    const rest = this.rest;
    this.rest = EMPTY;
    s.on("data", (b: Buffer) => this.feed(b));
    s.on("end", () => this.finish(!this.chunks && this.left === Infinity));
    s.on("close", () => {
      this.finish(false);
      this.listeners.close?.();
    });
    s.on("error", (e) => this.listeners.error?.(e));
    if (rest.length) this.feed(rest);
    if (!this.chunks && this.left === 0) this.finish(true);
    s.resume();
  }

  /** `whole`: the body ended where it should (else only `close` is told, as Node's stream does). */
  private finish(whole: boolean) {
    if (this.ended) return;
    this.ended = true;
    if (whole) this.listeners.end?.();
    this.socket.destroy();
  }

  private emit(b: Buffer) {
    if (!b.length || this.ended) return;
    const text = this.decoder ? this.decoder.write(b) : b;
    if (text.length) this.listeners.data?.(text);
  }

  private feed(b: Buffer) {
    if (this.ended) return;
    if (this.chunks) {
      const r = this.chunks.feed(b, (part) => this.emit(part));
      if (typeof r === "string") this.fail(r);
      else if (r >= 0) this.finish(true);
      return;
    }
    const take = Math.min(b.length, this.left);
    this.left -= take;
    this.emit(b.subarray(0, take));
    if (this.left === 0) this.finish(true);
  }

  private fail(why: string) {
    this.listeners.error?.(new StreamOpenError(why, undefined));
    this.finish(false);
  }
}
