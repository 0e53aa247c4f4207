/**
 * SSRF guard for URLs the server fetches on a caller's behalf (upload_file): http(s) only; every
 * resolved address of every hop must be public (no loopback, private, link-local, CGNAT, metadata,
 * unique-local, multicast, reserved, IPv4-mapped forms of those); redirects capped and re-checked;
 * size and time bounded. The resolver is injectable so tests check inner ranges without traffic.
 */
import { parseIPv4, parseIPv6, RangeSet } from "./ip.js";

export type Resolver = (host: string) => Promise<string[]>;
/** The system resolver, loaded only when used (Workers have no node:dns). */
export const systemResolver: Resolver = async (host) => {
  const { lookup } = await import("node:dns/promises");
  return (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
};

const blocked4 = new RangeSet(32, [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.88.99.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["198.51.100.0", 24],
  ["203.0.113.0", 24], ["224.0.0.0", 4], ["240.0.0.0", 4],
]);
const blocked6 = new RangeSet(128, [
  ["::", 128], ["::1", 128], ["64:ff9b::", 96], ["100::", 64], ["2001:db8::", 32], ["fc00::", 7], ["fe80::", 10], ["fec0::", 10], ["ff00::", 8],
]);
const MAPPED = parseIPv6("::ffff:0:0")!;
const V4_COMPAT_MASK = (1n << 32n) - 1n;

export function isIP(s: string): 0 | 4 | 6 {
  if (parseIPv4(s) !== undefined) return 4;
  if (s.includes(":") && parseIPv6(s) !== undefined) return 6;
  return 0;
}

/** True when an address must never be fetched (IPv4-mapped IPv6 is judged by its IPv4). */
export function isBlockedAddress(addr: string): boolean {
  const a = addr.replace(/^\[|\]$/g, "");
  const v4 = parseIPv4(a);
  if (v4 !== undefined) return blocked4.has(v4);
  const v6 = a.includes(":") ? parseIPv6(a) : undefined;
  if (v6 === undefined) return true; // not an IP at all: refuse rather than guess
  if ((v6 & ~V4_COMPAT_MASK) === MAPPED) return blocked4.has(v6 & V4_COMPAT_MASK);
  return blocked6.has(v6);
}

export class UrlRefused extends Error {}

export interface GuardOptions {
  /** Development only: allow private and loopback targets. */
  allowPrivate?: boolean;
  /** Origins exempt from the address check (the emulator's own, with --emulator). */
  exemptOrigins?: string[];
  resolver?: Resolver;
  /** false on runtimes without DNS: see check(). */
  resolveNames?: boolean;
  maxRedirects?: number;
  maxBytes?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface UrlGuard {
  check(url: string): Promise<URL>;
  fetchBytes(url: string, signal?: AbortSignal): Promise<{ bytes: Uint8Array; contentType: string | undefined; finalUrl: string }>;
  readonly maxBytes: number;
}

export function createUrlGuard(o: GuardOptions = {}): UrlGuard {
  const resolver = o.resolver ?? systemResolver;
  const exempt = new Set((o.exemptOrigins ?? []).map((s) => new URL(s).origin));
  const maxRedirects = o.maxRedirects ?? 3;
  const maxBytes = o.maxBytes ?? 50 * 1024 * 1024;
  const timeoutMs = o.timeoutMs ?? 20_000;
  const doFetch = o.fetch ?? fetch;

  async function check(raw: string): Promise<URL> {
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      throw new UrlRefused(`"${raw.slice(0, 100)}" is not a valid URL`);
    }
    if (u.protocol !== "http:" && u.protocol !== "https:") throw new UrlRefused(`only http and https URLs can be fetched, not ${u.protocol}`);
    if (u.username || u.password) throw new UrlRefused("URLs with embedded credentials are refused");
    if (exempt.has(u.origin) || o.allowPrivate) return u;
    // WHATWG URL parsing already turns decimal/octal/hex IPv4 forms into dotted quads.
    const host = u.hostname.replace(/^\[|\]$/g, "").replace(/\.$/, "");
    if (!isIP(host) && o.resolveNames === false) {
      // Runtimes without DNS (Workers): literal IPs are checked above; names that are inner by
      // convention are refused; the platform's egress cannot reach private networks.
      if (/(^|\.)(localhost|internal|local|home\.arpa)$/i.test(host)) throw new UrlRefused(`${host} is an internal name`);
      return u;
    }
    const addrs = isIP(host) ? [host] : await resolver(host).catch(() => {
      throw new UrlRefused(`cannot resolve host ${host}`);
    });
    if (!addrs.length) throw new UrlRefused(`host ${host} has no address`);
    const bad = addrs.find(isBlockedAddress);
    if (bad) throw new UrlRefused(`${host} resolves to ${bad}, a private, loopback, link-local or reserved address`);
    return u;
  }

  async function fetchBytes(raw: string, signal?: AbortSignal) {
    let url = await check(raw);
    const deadline = AbortSignal.timeout(timeoutMs);
    const sig = signal ? AbortSignal.any([signal, deadline]) : deadline;
    for (let hop = 0; ; hop++) {
      // Redirects are followed by hand so that each target is checked before it is contacted. The
      // address is checked, then fetched by name: a DNS answer that changes in between (rebinding) is
      // the residual risk; pinning would need a custom agent per request.
      const res = await doFetch(url, { redirect: "manual", signal: sig });
      if (res.status >= 300 && res.status < 400 && res.headers.get("location")) {
        if (hop >= maxRedirects) throw new UrlRefused(`more than ${maxRedirects} redirects`);
        url = await check(new URL(res.headers.get("location")!, url).toString());
        continue;
      }
      if (!res.ok) throw new UrlRefused(`fetching ${url.host} answered HTTP ${res.status}`);
      const declared = Number(res.headers.get("content-length") ?? 0);
      if (declared > maxBytes) throw new UrlRefused(`the file is ${declared} bytes, over the ${maxBytes}-byte limit`);
      const chunks: Uint8Array[] = [];
      let n = 0;
      for await (const c of res.body as any as AsyncIterable<Uint8Array>) {
        n += c.length;
        if (n > maxBytes) throw new UrlRefused(`the file is over the ${maxBytes}-byte limit`);
        chunks.push(c);
      }
      const bytes = new Uint8Array(n);
      let off = 0;
      for (const c of chunks) bytes.set(c, off), (off += c.length);
      return { bytes, contentType: res.headers.get("content-type") ?? undefined, finalUrl: url.toString() };
    }
  }
  return { check, fetchBytes, maxBytes };
}
