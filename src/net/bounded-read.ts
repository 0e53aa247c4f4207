/**
 * The one way a web body (a fetched answer, or a request on the fetch adapter) is read: streamed, stopped as soon as it passes a byte limit (whatever
 * Content-Length claimed, or when it is missing) or when the signal fires (time limits come in as
 * signals). `res.text()` would first hold the whole body, however large, and then the string.
 */
export class BodyTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`the body is over the ${maxBytes}-byte limit`);
  }
}

/** A fetched answer or an arriving web request: anything with headers and a streamed body. */
type WithBody = Pick<Response, "headers" | "body">;

export async function readBounded(res: WithBody, maxBytes: number, signal?: AbortSignal): Promise<Uint8Array> {
  const declared = Number(res.headers.get("content-length") ?? NaN);
  if (declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw new BodyTooLarge(maxBytes);
  }
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let n = 0;
  const stop = () => void reader.cancel(signal?.reason).catch(() => undefined);
  signal?.addEventListener("abort", stop, { once: true });
  try {
    for (;;) {
      signal?.throwIfAborted();
      const { done, value } = await reader.read();
      if (done) break;
      n += value.length;
      if (n > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new BodyTooLarge(maxBytes);
      }
      chunks.push(value);
    }
    signal?.throwIfAborted();
  } finally {
    signal?.removeEventListener("abort", stop);
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(n);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}

/** A bounded body as text. Decoding makes a fresh string, so a cached copy holds no larger parent. */
export async function readBoundedText(res: WithBody, maxBytes: number, signal?: AbortSignal): Promise<string> {
  return new TextDecoder().decode(await readBounded(res, maxBytes, signal));
}
