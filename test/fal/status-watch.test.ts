/**
 * The status stream as run_model waits read it: node-event-stream's bare-socket GET (framings, bounds,
 * timeouts, cancellation, fal's errors), the SSE line reader, and the fal client's watchStatus on both
 * paths against the emulator (statuses in order, the deadline and the caller's signal close the stream).
 */
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFalClient } from "../../src/fal/client.js";
import { FalUpstreamError } from "../../src/fal/errors.js";
import { openEventStream } from "../../src/fal/node-event-stream.js";
import { nodeFetch } from "../../src/fal/node-fetch.js";
import { MAX_EVENT_CHARS, MAX_HELD_CHARS, SseLines } from "../../src/fal/status-watch.js";
import { RAW_STREAM, type EventBody } from "../../src/fal/wire.js";
import { emulatorUrls, startEmulator, type Emulator } from "../../src/emulator/server.js";
import { KEY } from "../helpers/processes.js";

describe("SseLines", () => {
  const events = (chunks: string[]) => {
    const r = new SseLines();
    return chunks.flatMap((c) => r.feed(c) ?? ["<over>"]);
  };
  const text = 'data: {"status":"IN_QUEUE"}\r\n\r\n: keep-alive\n\nevent: x\ndata: a\ndata:b\r\rdata\n\ndatum: no\n\n';
  const expected = ['{"status":"IN_QUEUE"}', "a\nb", ""];

  it("reads events ending in CRLF, LF or CR, joins data lines, skips comments and other fields", () => {
    expect(events([text])).toEqual(expected);
  });

  it("reads the same events whatever the chunk boundaries (CRLF split included)", () => {
    for (let i = 1; i < text.length; i++) expect(events([text.slice(0, i), text.slice(i)])).toEqual(expected);
    expect(events([...text])).toEqual(expected);
  });

  it("refuses an event over the limit instead of buffering it", () => {
    const r = new SseLines();
    expect(r.feed(`data: ${"x".repeat(MAX_EVENT_CHARS)}`)).toMatch(/a status event is over/);
    const s = new SseLines();
    expect(s.feed(`data: ${"x".repeat(MAX_EVENT_CHARS / 2)}\n`)).toEqual([]);
    expect(s.feed(`data: ${"x".repeat(MAX_EVENT_CHARS / 2)}\n`)).toMatch(/a status event is over/);
  });

  it("bounds what all readers together hold of unfinished events, and gives it back when a reader is done", () => {
    // Each reader stays under the per-event limit; together they pass the process-wide one.
    const line = `data: ${"x".repeat(MAX_EVENT_CHARS * 0.9)}`;
    const readers: SseLines[] = [];
    let refused: string | undefined;
    for (let i = 0; i < Math.ceil(MAX_HELD_CHARS / (MAX_EVENT_CHARS * 0.9)) + 1 && !refused; i++) {
      const r = new SseLines();
      const got = r.feed(line);
      if (typeof got === "string") refused = got;
      else readers.push(r);
    }
    expect(refused).toMatch(/being read by all waits are over/);
    // A reader whose event completes holds nothing more: its room is free again, once.
    expect(readers[0]!.feed("\n\n")).toHaveLength(1);
    const next = new SseLines();
    expect(next.feed(line)).toEqual([]);
    expect(new SseLines().feed(line)).toMatch(/all waits/);
    for (const r of [...readers, next]) r.release();
    const fresh = new SseLines();
    expect(fresh.feed(line)).toEqual([]);
    fresh.release();
  });
});

describe("openEventStream (a bare socket per status stream)", () => {
  /** A loopback server that answers each connection with `answer` (written in the given pieces, a tick apart). */
  let server: net.Server;
  let port: number;
  let answer: (s: net.Socket, request: string) => void = () => undefined;
  let connections = 0;
  beforeAll(async () => {
    server = net.createServer((s) => {
      connections++;
      let req = "";
      s.on("data", (d) => {
        req += d;
        if (req.includes("\r\n\r\n")) answer(s, req);
      });
      s.on("error", () => undefined);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as net.AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const pieces = (s: net.Socket, parts: string[], end = true) => {
    let i = 0;
    const next = () => {
      if (i < parts.length) {
        s.write(parts[i++]!);
        setTimeout(next, 5);
      } else if (end) s.end();
    };
    next();
  };
  const open = (headers: Record<string, string> = { authorization: `Key ${KEY}` }, timeoutMs = 5_000, signal?: AbortSignal) =>
    openEventStream({
      url: `http://127.0.0.1:${port}/stream?logs=1`,
      method: "GET",
      headers,
      timeoutMs,
      stream: true,
      ...(signal ? { signal } : {}),
    });
  const readAll = (body: EventBody) =>
    new Promise<{ text: string; how: string }>((resolve, reject) => {
      let text = "";
      body.setEncoding("utf8");
      body.on("data", (c) => (text += c));
      body.on("end", () => resolve({ text, how: "end" }));
      body.on("close", () => resolve({ text, how: "close" }));
      body.on("error", reject);
    });
  const SSE = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n";

  it("sends one GET with the headers and reads a chunked body split anywhere (a multi-byte character too)", async () => {
    let request = "";
    answer = (s, req) => {
      request = req;
      const body = "data: é1\n\n";
      const chunk = `${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n`;
      const wire = `${SSE}transfer-encoding: chunked\r\n\r\n${chunk}${chunk}0\r\n\r\n`;
      const bytes = Buffer.from(wire);
      // One byte at a time across the head, the sizes, the data (é's two bytes apart) and the CRLFs.
      let i = 0;
      const next = () => {
        if (i >= bytes.length) return;
        s.write(bytes.subarray(i, ++i));
        setImmediate(next);
      };
      next();
    };
    const a = await open();
    expect(a.status).toBe(200);
    const got = await readAll(a.stream!);
    expect(got).toEqual({ text: "data: é1\n\ndata: é1\n\n", how: "end" });
    expect(request).toMatch(/^GET \/stream\?logs=1 HTTP\/1\.1\r\nHost: 127\.0\.0\.1:\d+\r\n/);
    expect(request).toContain(`authorization: Key ${KEY}\r\n`);
  });

  it("reads a sized body and a body that ends with the connection", async () => {
    answer = (s) => pieces(s, [`${SSE}content-length: 9\r\n\r\ndata: 1\n\n`, "ignored"], false);
    expect(await readAll((await open()).stream!)).toEqual({ text: "data: 1\n\n", how: "end" });
    answer = (s) => pieces(s, [`${SSE}\r\n`, "data: 1\n\n", "data: 2\n\n"]);
    expect(await readAll((await open()).stream!)).toEqual({ text: "data: 1\n\ndata: 2\n\n", how: "end" });
  });

  it("tells a chunked body cut short as a close, not an end", async () => {
    answer = (s) => pieces(s, [`${SSE}transfer-encoding: chunked\r\n\r\n9\r\ndata: 1\n\n\r\n`]);
    expect(await readAll((await open()).stream!)).toEqual({ text: "data: 1\n\n", how: "close" });
  });

  it("skips interim answers, reads chunked only as the last coding, and refuses a chunk size that is not hex", async () => {
    answer = (s) => pieces(s, ["HTTP/1.1 103 Early Hints\r\nlink: </x>\r\n\r\n", `${SSE}content-length: 9\r\n\r\ndata: 1\n\n`]);
    const a = await open();
    expect(a.status).toBe(200);
    expect(await readAll(a.stream!)).toEqual({ text: "data: 1\n\n", how: "end" });
    // "notchunked" is not chunked: the body runs to the close as it is.
    answer = (s) => pieces(s, [`${SSE}transfer-encoding: notchunked\r\n\r\n9\r\ndata: 1\n\n`]);
    expect(await readAll((await open()).stream!)).toEqual({ text: "9\r\ndata: 1\n\n", how: "end" });
    answer = (s) => pieces(s, [`${SSE}transfer-encoding: chunked\r\n\r\n1zz\r\ndata: 1\n\n\r\n`], false);
    await expect(readAll((await open()).stream!)).rejects.toThrow(/chunk size is not a number/);
  });

  it("answers anything but a 2xx event stream with its status, headers and body", async () => {
    answer = (s) =>
      pieces(s, ['HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\ncontent-length: 19\r\n\r\n{"detail":"no key"}']);
    const a = await open();
    expect(a.status).toBe(401);
    expect(a.stream).toBeUndefined();
    expect(a.headers["content-type"]).toBe("application/json");
    expect(Buffer.from(a.bytes!).toString()).toBe('{"detail":"no key"}');
  });

  it("bounds the answer's head, refuses a header that would split the request, and times out", async () => {
    answer = (s) => pieces(s, [`${SSE}x-big: ${"y".repeat(20_000)}\r\n\r\n`]);
    await expect(open()).rejects.toThrow(/head is over 16384 bytes/);
    const before = connections;
    await expect(open({ authorization: "Key a\r\nx-injected: 1" })).rejects.toThrow(/line break/);
    expect(connections).toBe(before);
    answer = () => undefined;
    await expect(open(undefined, 100)).rejects.toMatchObject({ timedOut: true });
  });

  it("ends on the caller's signal before the head arrives, with the caller's reason", async () => {
    answer = () => undefined;
    const ac = new AbortController();
    const p = open(undefined, 5_000, ac.signal);
    setTimeout(() => ac.abort(new Error("the caller left")), 20);
    await expect(p).rejects.toThrow("the caller left");
  });
});

describe("watchStatus against the emulator", () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ queueMs: 10, keys: [KEY], jobMs: { "fal-ai/flux/dev": 150 } });
  });
  afterAll(() => emu.close());
  const client = (fetch: typeof globalThis.fetch) => createFalClient({ key: KEY, urls: emulatorUrls(emu.url), fetch });
  const until = async (ok: () => boolean) => {
    for (let i = 0; i < 60 && !ok(); i++) await new Promise((r) => setTimeout(r, 50));
  };

  it("is offered by the server's fetch", () => {
    expect(typeof (nodeFetch as unknown as Record<symbol, unknown>)[RAW_STREAM]).toBe("function");
  });

  for (const [name, fetch] of [
    ["bare socket", nodeFetch],
    ["web fetch", globalThis.fetch],
  ] as const) {
    it(`${name}: statuses in order until COMPLETED; the deadline and the signal stop it and close the stream`, async () => {
      const fal = client(fetch);
      const job = await fal.submit("fal-ai/flux/dev", { prompt: "x" });
      const seen: string[] = [];
      const end = await fal.watchStatus("fal-ai/flux/dev", job.request_id, {
        logs: true,
        deadline: Date.now() + 10_000,
        onStatus: (s) => seen.push(s.status),
      });
      expect(end).toBe("completed");
      expect(seen.at(-1)).toBe("COMPLETED");
      expect(seen.indexOf("COMPLETED")).toBe(seen.length - 1);

      const stalled = await fal.submit("fal-ai/flux/dev", { prompt: "x" }, { headers: { "x-emulator-fault": "stall" } });
      const byDeadline = await fal.watchStatus("fal-ai/flux/dev", stalled.request_id, {
        deadline: Date.now() + 300,
        onStatus: () => undefined,
      });
      expect(byDeadline).toBe("stopped");
      await until(() => emu.stats().openStreams === 0);
      expect(emu.stats().openStreams).toBe(0);

      const ac = new AbortController();
      const watch = fal.watchStatus("fal-ai/flux/dev", stalled.request_id, {
        signal: ac.signal,
        deadline: Date.now() + 10_000,
        onStatus: (s) => s.status === "IN_PROGRESS" && ac.abort(new Error("the caller left")),
      });
      expect(await watch).toBe("stopped");
      await until(() => emu.stats().openStreams === 0);
      expect(emu.stats().openStreams).toBe(0);
    });
  }

  it("a refused stream is fal's error, the same on both paths, without the key", async () => {
    const [a, b] = await Promise.all(
      [nodeFetch, globalThis.fetch].map((f) =>
        client(f)
          .watchStatus("fal-ai/flux/dev", "no-such-request", { deadline: Date.now() + 5_000, onStatus: () => undefined })
          .catch((e) => e),
      ),
    );
    expect(a.constructor).toBe(b.constructor);
    expect(a.status).toBe(b.status);
    expect(a.message).toBe(b.message);
    expect(a.message).not.toContain(KEY);
    const down = await createFalClient({ key: KEY, urls: emulatorUrls("http://127.0.0.1:9"), fetch: nodeFetch })
      .watchStatus("fal-ai/flux/dev", "x", { deadline: Date.now() + 5_000, onStatus: () => undefined })
      .catch((e) => e);
    expect(down).toBeInstanceOf(FalUpstreamError);
    expect(down.message).toBe("status stream to 127.0.0.1:9 failed");
  });
});
