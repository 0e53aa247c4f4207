/** Reading a node:http request's body for the HTTP core: bounded in bytes and in time. */
import type { IncomingMessage } from "node:http";
import { BodyTimeout, TooLarge } from "./handler.js";

/** A request body as text, at most `max` bytes, arriving within `timeoutMs`. */
export async function readBody(req: IncomingMessage, max: number, timeoutMs: number): Promise<string> {
  // A body already parsed (a call that awaited something first, such as a sign-in check) is read at once.
  // Otherwise it is streamed under its time bound. Waiting a turn of the loop for the rest (setImmediate)
  // saved a timer and listeners per call but cost latency under load: the fal hop measured 1.26-1.34× a
  // bare proxy with that wait, 1.06-1.15× without.
  if (req.complete) {
    const whole = req.read() as Buffer | null;
    if (whole && whole.length > max) throw new TooLarge();
    if (!req.readableLength) return whole ? whole.toString("utf8") : "";
    if (whole) req.unshift(whole);
  }
  return streamedText(req, max, timeoutMs);
}

function streamedText(req: IncomingMessage, max: number, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let n = 0;
    // A body that stalls holds a connection and its buffers: it gets timeoutMs in all.
    const timer = setTimeout(() => {
      req.pause();
      reject(new BodyTimeout());
    }, timeoutMs);
    req.on("data", (c: Buffer) => {
      n += c.length;
      if (n > max) {
        clearTimeout(timer);
        req.pause();
        reject(new TooLarge());
      } else chunks.push(c);
    });
    // Memory grows only as bytes arrive (no buffer sized from a declared length a client may never send).
    req.on("end", () => {
      clearTimeout(timer);
      resolve((chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString("utf8"));
    });
    req.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    req.on("close", () => clearTimeout(timer));
  });
}
