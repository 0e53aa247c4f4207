/**
 * Issue 16, finding 6: every fetched body is read with a byte and time bound while streaming, whether or
 * not Content-Length is sent. A loopback page server streams endless Markdown (no Content-Length) or
 * stalls after its headers, and counts what it managed to send before the reader hung up.
 */
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BodyTooLarge, readBounded } from "../../src/net/bounded-read.js";
import { startCli, type Proc } from "../helpers/processes.js";
import { callTool, httpClient } from "../e2e/wire.js";

const ENDLESS_BYTES = 256 * 1024 * 1024;
let pages: Server;
let base = "";
/** Bytes sent per finished response, and how each ended. */
const sent: { mode: string; bytes: number; finished: boolean }[] = [];
let mode: "endless" | "stall" = "endless";

function endless(res: ServerResponse) {
  const chunk = Buffer.from("Upload a file with the fal client and pass its URL to the model. ".repeat(1024) + "\n\n");
  let bytes = 0;
  const pump = () => {
    while (bytes < ENDLESS_BYTES) {
      bytes += chunk.length;
      if (!res.write(chunk)) return void res.once("drain", pump);
    }
    res.end();
  };
  res.once("close", () => sent.push({ mode: "endless", bytes, finished: res.writableFinished }));
  pump();
}

beforeAll(async () => {
  pages = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/markdown" }); // chunked: no Content-Length
    if (mode === "endless") endless(res);
    else {
      res.flushHeaders();
      res.once("close", () => sent.push({ mode: "stall", bytes: 0, finished: res.writableFinished }));
    }
  });
  await new Promise<void>((r) => pages.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
});
afterAll(
  () =>
    new Promise<void>((r) => {
      pages.closeAllConnections();
      pages.close(() => r());
    }),
);

it("readBounded stops an endless body without Content-Length at its limit and hangs up", async () => {
  mode = "endless";
  sent.length = 0;
  const res = await fetch(`${base}/page`);
  await expect(readBounded(res, 1024 * 1024)).rejects.toBeInstanceOf(BodyTooLarge);
  await expect.poll(() => sent.length).toBe(1);
  expect(sent[0]!.finished).toBe(false);
  expect(sent[0]!.bytes).toBeLessThan(64 * 1024 * 1024);
});

it("readBounded honours a signal while the body stalls", async () => {
  mode = "stall";
  const ac = new AbortController();
  const res = await fetch(`${base}/page`, { signal: ac.signal });
  const reading = readBounded(res, 1024, ac.signal);
  setTimeout(() => ac.abort(new Error("deadline")), 50);
  await expect(reading).rejects.toThrow(/deadline|abort/i);
});

describe("search_docs against endless and stalled pages", () => {
  let srv: Proc;
  beforeAll(async () => {
    srv = await startCli(["serve", "--port", "0", "--no-live"], { FAL_DOCS_URL: `${base}/docs` });
  }, 60_000);
  afterAll(() => srv?.stop());

  // Different queries, so that pages cached by the first run are not simply reused by the second.
  it.each([
    ["endless", "upload a file"],
    ["stall", "webhooks for queue requests"],
  ] as const)(
    "answers from the index when the live page is %s, reading at most the page limit",
    async (m, query) => {
      mode = m;
      sent.length = 0;
      const client = await httpClient(srv.url);
      const r = await callTool(client, "search_docs", { query });
      await client.close();
      expect(r.isError, r.text).toBe(false);
      expect(r.structured.results.length).toBeGreaterThan(0);
      // Each page fetch was cut off (never read to its end), long before the 256 MB the server offered.
      await expect.poll(() => sent.filter((s) => s.mode === m).length, { timeout: 10_000 }).toBeGreaterThan(0);
      for (const s of sent.filter((x) => x.mode === m)) {
        expect(s.finished).toBe(false);
        expect(s.bytes).toBeLessThan(64 * 1024 * 1024);
      }
      expect(srv.child.exitCode).toBeNull();
    },
    30_000,
  );
});
