/**
 * The HTTP/1.1 pieces the bare-socket clients share (keepalive.ts for short calls, node-event-stream.ts
 * for status streams): the request head, the answer's head, and chunked bodies. Only what talking to fal
 * needs: one request per socket at a time, bodies sized, chunked or read to the close.
 */

/** The most an answer's head (status line and headers) may hold. */
export const MAX_HEAD_BYTES = 16 * 1024;
/** A header value or path with these would split the request: refused (the key is a caller's input). */
const UNSAFE = /[\r\n\0]/;
/** A header name is an HTTP token (RFC 9110 §5.1). */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

const STATUS_LINE = /^HTTP\/1\.([01]) (\d{3})(?: |$)/;
/** A header line (RFC 9112 §5) is a token, a colon, then the value with its surrounding blanks dropped. */
const TOKEN_CHARS = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") TOKEN_CHARS[c.charCodeAt(0)] = 1;
const isTokenChar = (c: number) => c < 128 && TOKEN_CHARS[c] === 1;
const DIGITS = /^\d{1,15}$/;
/** A value without the spaces and tabs after it (a loop: a lazy pattern backtracked at every character). */
function trimOws(v: string): string {
  let end = v.length;
  while (end > 0 && (v.charCodeAt(end - 1) === 32 || v.charCodeAt(end - 1) === 9)) end--;
  return end === v.length ? v : v.slice(0, end);
}

/** What a failed exchange rejects with: `timedOut`, or the socket's error code (ECONNREFUSED …). */
export class RawRequestError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly timedOut = false,
  ) {
    super(message);
  }
}

export interface Target {
  secure: boolean;
  /** As `net.connect` takes it (no brackets around an IPv6 literal). */
  host: string;
  port: number;
  /** The Host header: host and port as the URL gave them. */
  authority: string;
}

export function targetOf(u: URL): Target | RawRequestError {
  if (u.protocol !== "http:" && u.protocol !== "https:") return new RawRequestError(`unsupported protocol ${u.protocol}`, undefined);
  const secure = u.protocol === "https:";
  return {
    secure,
    host: u.hostname.startsWith("[") ? u.hostname.slice(1, -1) : u.hostname,
    port: Number(u.port || (secure ? 443 : 80)),
    authority: u.host,
  };
}

/** A URL's origin and its path (with the query), by slicing: a URL parse per call showed in the profile. */
export function splitUrl(url: string): { origin: string; path: string } {
  const slash = url.indexOf("/", url.indexOf("//") + 2);
  return slash < 0 ? { origin: url, path: "/" } : { origin: url.slice(0, slash), path: url.slice(slash) };
}

/** The request's head (and body, when given) as one string to write, or why it cannot be sent. */
export function requestText(
  method: string,
  path: string,
  authority: string,
  headers: Record<string, string>,
  body?: string,
): string | RawRequestError {
  if (UNSAFE.test(path) || path.includes(" ")) return new RawRequestError("the URL holds a space or a line break", undefined);
  let head = `${method} ${path} HTTP/1.1\r\nHost: ${authority}\r\n`;
  for (const k in headers) {
    const v = headers[k]!;
    if (!TOKEN.test(k) || UNSAFE.test(v))
      return new RawRequestError("a request header holds a line break or is not a header name", undefined);
    head += `${k}: ${v}\r\n`;
  }
  return body === undefined ? `${head}\r\n` : `${head}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

export interface Head {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The peer will keep the connection open after this answer (HTTP/1.1 without `Connection: close`). */
  keepAlive: boolean;
}

export function parseHead(text: string): Head | undefined {
  let eol = text.indexOf("\r\n");
  if (eol < 0) eol = text.length;
  const m = STATUS_LINE.exec(eol === text.length ? text : text.slice(0, eol));
  if (!m) return undefined;
  const headers: Record<string, string | string[] | undefined> = {};
  // By hand, not a regex per line: this runs on every answer from fal (the regex showed in the hop's profile).
  while (eol < text.length) {
    const start = eol + 2;
    eol = text.indexOf("\r\n", start);
    if (eol < 0) eol = text.length;
    // A line others would read another way (a space before the colon, a folded line, no colon, a bare LF)
    // is refused, not guessed at: read apart from how a proxy reads it, it could frame the body differently.
    let colon = start;
    while (colon < eol && isTokenChar(text.charCodeAt(colon))) colon++;
    if (colon === start || colon === eol || text.charCodeAt(colon) !== 58) return undefined;
    let from = colon + 1;
    while (from < eol && (text.charCodeAt(from) === 32 || text.charCodeAt(from) === 9)) from++;
    const lf = text.indexOf("\n", from);
    if (lf >= 0 && lf < eol) return undefined;
    const k = text.slice(start, colon).toLowerCase();
    const v = trimOws(text.slice(from, eol));
    const had = headers[k];
    if (had === undefined) headers[k] = v;
    // "constructor" and "__proto__" are inherited: read as a first value, not joined to Object (or set as the prototype).
    else if (!Object.hasOwn(headers, k))
      Object.defineProperty(headers, k, { value: v, enumerable: true, writable: true, configurable: true });
    else headers[k] = Array.isArray(had) ? [...had, v] : [had, v];
  }
  const connection = String(headers.connection ?? "").toLowerCase();
  return { status: Number(m[2]), headers, keepAlive: m[1] === "1" && !connection.includes("close") };
}

/**
 * The body's declared length; undefined when there is none; null when it is not one plain number (RFC 9110
 * §8.6: 1*DIGIT, repeated values must agree). `Number()` alone read "+5", "0x5", "5e0" and "" as lengths.
 */
export function declaredLength(headers: Head["headers"]): number | undefined | null {
  const v = headers["content-length"];
  if (v === undefined) return undefined;
  if (typeof v === "string" && DIGITS.test(v)) return Number(v); // the usual case, without the splitting below
  let first: string | undefined;
  for (const part of (Array.isArray(v) ? v : [v]).flatMap((x) => x.split(","))) {
    const d = part.trim();
    if (!DIGITS.test(d) || (first !== undefined && d !== first)) return null;
    first = d;
  }
  return Number(first);
}

/**
 * How an answer's body is delimited (RFC 9112 §6.3): `left` bytes (Infinity: to the close), or chunked;
 * and whether the connection may carry the next request after it. Or why it cannot be read.
 */
export function framingOf(h: Head, method: string, sentBody: boolean): { left: number; chunked: boolean; reusable: boolean } | string {
  const coded = h.headers["transfer-encoding"] !== undefined;
  const length = declaredLength(h.headers);
  let left = 0;
  let chunked = false;
  if (method === "HEAD" || h.status === 204 || h.status === 304) left = 0;
  // A coding other than chunked last is read to the close, whatever Content-Length says.
  else if (coded) {
    chunked = isChunked(h.headers);
    if (!chunked) left = Infinity;
  } else if (length === null) return "the answer's Content-Length is not one number";
  else left = length ?? Infinity;
  // Not after framing others may read differently (Transfer-Encoding with a Content-Length is a smuggling
  // sign, RFC 9112 §6.1), nor after an error answer to a request with a body: fal may have answered
  // before reading all of it, and the rest would be read as the next request.
  const plain = length !== null && !(coded && length !== undefined);
  return { left, chunked, reusable: h.keepAlive && plain && left !== Infinity && (h.status < 400 || !sentBody) };
}

/** Chunked when it is the last coding applied (RFC 9112 §6.3), not when the word appears anywhere. */
export const isChunked = (headers: Head["headers"]) => /(?:^|,)\s*chunked\s*$/i.test(String(headers["transfer-encoding"] ?? ""));

/**
 * Reads a chunked body as packets arrive: the data goes to `emit`, in order, without the framing.
 * `feed` answers -1 for more, or (at the last chunk) the offset in that packet just after the last
 * chunk's size line: what follows is the trailer section, normally just CRLF. Or an error sentence.
 */
export class ChunkedDecoder {
  /** Bytes left in the current chunk, or -1 while reading a size line. */
  private left = -1;
  /** Part of a chunk-size line carried over from the last packet. */
  private line = "";
  /** The CRLF that ends a chunk's data is still to be skipped (bytes of it left). */
  private skip = 0;

  feed(b: Buffer, emit: (part: Buffer) => void): number | string {
    let i = 0;
    while (i < b.length) {
      if (this.skip) {
        // Checked, not skipped: a chunk whose data runs past its size is a body out of step.
        if (b[i] !== (this.skip === 2 ? 13 : 10)) return "a chunk's data is not followed by CRLF";
        i++;
        this.skip--;
      } else if (this.left > 0) {
        const take = Math.min(b.length - i, this.left);
        emit(b.subarray(i, i + take));
        i += take;
        this.left -= take;
        if (this.left === 0) {
          this.left = -1;
          this.skip = 2;
        }
      } else {
        const nl = b.indexOf(10, i);
        this.line += b.toString("latin1", i, nl < 0 ? b.length : nl);
        if (this.line.length > 1024) return "a chunk size line is over 1024 bytes";
        if (nl < 0) return -1;
        i = nl + 1;
        const digits = this.line.trim().split(";")[0]!.trim();
        this.line = "";
        // Hex digits only: parseInt would read "1zz" as 1 and go on out of step with the body.
        if (!/^[0-9a-f]{1,12}$/i.test(digits)) return "a chunk size is not a number";
        const size = Number.parseInt(digits, 16);
        if (size === 0) return i;
        this.left = size;
      }
    }
    return -1;
  }
}
