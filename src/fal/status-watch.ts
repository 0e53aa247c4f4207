/**
 * Following a job's status stream for as long as a run_model wait lasts, with as little held per wait as
 * possible: thousands of waits can be open at once, each holding one of these for the whole job.
 * Measured per wait (heap snapshots of 1,000 waits), reading the stream through async generators
 * (`for await` over Node's stream, eventsource-parser, `yield*`) held ~3 KB of generators, promises,
 * end-of-stream closures and parser closures, plus the last chunk's text through sliced strings. Here the
 * stream's own `data` events feed one small line reader, and each event is handed over as it is parsed.
 */
import type { components as QueueComponents } from "../../generated/clients/queue.js";
import { errorFromResponse, FalUpstreamError } from "./errors.js";
import { type EventBody, parseText, type RawCall, type RawStream, utf8 } from "./wire.js";

type QueueStatus = QueueComponents["schemas"]["QueueStatus"];
export type StatusStream = EventBody;
/** An opener's answer, whatever its stream's type (an EventBody here, an async iterable for streamStatus). */
type Opened<S> = Omit<Awaited<ReturnType<RawStream>>, "stream"> & { stream?: S };

/** How a watch ended: the job completed, the stream ended before it did, or the deadline or caller stopped it. */
export type WatchEnd = "completed" | "ended" | "stopped";

export interface WatchOptions {
  logs?: boolean;
  signal?: AbortSignal;
  /** When to stop waiting, in epoch milliseconds. */
  deadline: number;
  /** Called with each status as it arrives (the last one is COMPLETED when the watch ends "completed"). */
  onStatus: (s: QueueStatus) => void;
}

/** One status event (its `data:` lines together) may not exceed this: a broken or hostile hop cannot fill memory. */
export const MAX_EVENT_CHARS = 1024 * 1024;
/**
 * All waits together may hold at most this much of events not yet complete. Per event alone, thousands of
 * waits on a hostile or broken stream could still add up: 400 streams sending 900 KB lines reached 486 MB.
 */
export const MAX_HELD_CHARS = 32 * 1024 * 1024;
let heldChars = 0;

/** Opens the status stream on the raw path: Node's own stream once the headers arrive, or fal's error. */
export async function openStatusStream<S extends { setEncoding(e: "utf8"): unknown }>(
  raw: (call: RawCall) => Promise<Opened<S>>,
  url: string,
  headers: Record<string, string>,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<S> {
  let answer: Opened<S>;
  try {
    // The deadline covers the answer's headers; the stream then lives as long as the job, until the signal.
    answer = await raw({ url, method: "GET", headers, ...(signal ? { signal } : {}), timeoutMs, stream: true });
  } catch (e) {
    if (signal?.aborted) throw signal.reason ?? e;
    throw new FalUpstreamError(`status stream to ${new URL(url).host} failed`, 0, undefined);
  }
  if (!answer.stream) {
    const h = new Headers();
    for (const [k, v] of Object.entries(answer.headers)) if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(", ") : v);
    throw errorFromResponse(answer.status, parseText(answer.bytes ? utf8.decode(answer.bytes) : ""), h);
  }
  answer.stream.setEncoding("utf8");
  return answer.stream;
}

/**
 * Reads status events from `stream` (utf-8 strings), calling `onStatus` for each, until COMPLETED, the end
 * of the stream, `deadline` (epoch ms) or `signal`; the stream is destroyed whenever it is left early.
 * Rejects when the stream breaks, an event is over MAX_EVENT_CHARS, or the unfinished events of all
 * waits are over MAX_HELD_CHARS. Events that are not JSON
 * (keep-alives, junk) are skipped, as before.
 */
export function readStatusStream(
  stream: StatusStream,
  deadline: number,
  signal: AbortSignal | undefined,
  onStatus: (s: QueueStatus) => void,
): Promise<WatchEnd> {
  return new Promise<WatchEnd>((resolve, reject) => {
    const lines = new SseLines();
    let settled = false;
    const finish = (end: WatchEnd | Error) => {
      if (settled) return;
      settled = true;
      lines.release();
      clearTimeout(timer);
      signal?.removeEventListener("abort", stop);
      if (end !== "ended") stream.destroy();
      if (end instanceof Error) reject(end);
      else resolve(end);
    };
    const stop = () => finish("stopped");
    const timer = setTimeout(stop, Math.max(0, deadline - Date.now()));
    if (signal?.aborted) return stop();
    signal?.addEventListener("abort", stop, { once: true });
    stream.on("data", (chunk: string) => {
      if (settled) return;
      const events = lines.feed(chunk);
      if (typeof events === "string") return finish(new FalUpstreamError(events, 0, undefined));
      for (const data of events) {
        const st = parseText(data) as QueueStatus | undefined;
        if (!st || typeof st !== "object" || typeof st.status !== "string") continue;
        onStatus(st);
        if (st.status === "COMPLETED") return finish("completed");
      }
    });
    stream.on("end", () => finish("ended"));
    // Ended by us (destroy) or by the peer before its end: both settle here if nothing else did.
    stream.on("close", () => finish(signal?.aborted ? "stopped" : "ended"));
    stream.on("error", (e: Error) => finish(signal?.aborted ? "stopped" : e));
  });
}

/** The same watch over the status stream as an async iterable (any fetch other than the raw path's). */
export async function watchIterated(open: (signal: AbortSignal) => AsyncIterable<QueueStatus>, opts: WatchOptions): Promise<WatchEnd> {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), Math.max(0, opts.deadline - Date.now()));
  const onAbort = () => ac.abort();
  if (opts.signal?.aborted) onAbort();
  else opts.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    for await (const st of open(ac.signal)) {
      opts.onStatus(st);
      if (st.status === "COMPLETED") return "completed";
    }
    return "ended";
  } catch (e) {
    if (ac.signal.aborted) return "stopped";
    throw e;
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener("abort", onAbort);
  }
}

const encoder = new TextEncoder();
const copyOf = (s: string) => utf8.decode(encoder.encode(s));

/**
 * Server-Sent Events, only as far as status streams need them: lines end in CRLF, LF or CR; `data:` lines
 * make an event's data (joined with LF), a blank line ends the event; comments and other fields are
 * skipped. One object with two strings per stream.
 */
export class SseLines {
  /** The unfinished line at the end of the last chunk. */
  private rest = "";
  /** The data of the event being read; undefined until a `data:` line arrives. */
  private data: string | undefined;
  /** The last chunk ended in CR: an LF starting the next one belongs to that line end. */
  private cr = false;
  /** What this reader counts in the process-wide `heldChars`. */
  private held = 0;

  /** Returns the data of each event the chunk completes, or why reading stops (an event over a limit). */
  feed(chunk: string): string[] | string {
    const out: string[] = [];
    const text = this.rest + chunk;
    this.rest = "";
    let i = 0;
    if (this.cr && text.startsWith("\n")) i = 1;
    this.cr = false;
    for (;;) {
      let end = i;
      while (end < text.length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
      if (end === text.length) break;
      this.line(text.slice(i, end), out);
      if (text.charCodeAt(end) === 13) {
        if (end + 1 === text.length) this.cr = true;
        else if (text.charCodeAt(end + 1) === 10) end++;
      }
      i = end + 1;
    }
    // A copy, not a slice (V8 slices keep their parent): the whole chunk would stay alive with the wait.
    this.rest = i < text.length ? copyOf(text.slice(i)) : "";
    const now = this.rest.length + (this.data?.length ?? 0);
    heldChars += now - this.held;
    this.held = now;
    if (now > MAX_EVENT_CHARS || heldChars > MAX_HELD_CHARS) {
      this.release();
      return now > MAX_EVENT_CHARS
        ? `a status event is over ${MAX_EVENT_CHARS} characters`
        : `the status events being read by all waits are over ${MAX_HELD_CHARS} characters`;
    }
    return out;
  }

  /** Gives back what this reader counts in the process-wide budget (its stream is done). */
  release() {
    heldChars -= this.held;
    this.held = 0;
    this.rest = "";
    this.data = undefined;
  }

  private line(line: string, out: string[]) {
    if (line === "") {
      if (this.data !== undefined) out.push(this.data);
      this.data = undefined;
      return;
    }
    if (!line.startsWith("data")) return; // comments (":…") and the other fields
    let value: string;
    if (line.length === 4) value = "";
    else if (line.charCodeAt(4) !== 58)
      return; // "data…" that is not the data field
    else value = line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5);
    this.data = this.data === undefined ? value : `${this.data}\n${value}`;
  }
}
