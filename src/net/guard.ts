/**
 * SSRF guard for URLs the server fetches on a caller's behalf (upload_file): http(s) only; every
 * resolved address of every hop must be public (no loopback, private, link-local, CGNAT, metadata,
 * unique-local, multicast, reserved, IPv4-mapped forms of those); redirects capped and re-checked;
 * size and time bounded. The resolver is injectable so tests check inner ranges without traffic.
 */
import { BlockList, isIP } from "node:net";
import { lookup } from "node:dns/promises";

export type Resolver = (host: string) => Promise<string[]>;
export const systemResolver: Resolver = async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

// Two lists: a BlockList holding IPv6 rules also matches IPv4 addresses through their mapped form, so
// one list with ::ffff:0:0/96 would refuse every IPv4 address. Mapped forms are unwrapped below instead.
const blocked4 = new BlockList();
const blocked6 = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.88.99.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["198.51.100.0", 24],
  ["203.0.113.0", 24], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) blocked4.addSubnet(net, bits, "ipv4");
for (const [net, bits] of [
  ["::", 128], ["::1", 128], ["64:ff9b::", 96], ["100::", 64], ["2001:db8::", 32], ["fc00::", 7], ["fe80::", 10], ["fec0::", 10], ["ff00::", 8],
] as const) blocked6.addSubnet(net, bits, "ipv6");

/** True when an address must never be fetched (IPv4-mapped IPv6 is judged by its IPv4). */
export function isBlockedAddress(addr: string): boolean {
  const a = addr.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const v = isIP(a);
  if (v === 4) return blocked4.check(a, "ipv4");
  if (v === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
    if (mapped) return blocked4.check(mapped[1]!, "ipv4");
    const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(a);
    if (hex) {
      const n = (parseInt(hex[1]!, 16) << 16) | parseInt(hex[2]!, 16);
      return blocked4.check([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join("."), "ipv4");
    }
    return blocked6.check(a, "ipv6");
  }
  return true; // not an IP at all: refuse rather than guess
}

export class UrlRefused extends Error {}

export interface GuardOptions {
  /** Development only: allow private and loopback targets. */
  allowPrivate?: boolean;
  /** Origins exempt from the address check (the emulator's own, with --emulator). */
  exemptOrigins?: string[];
  resolver?: Resolver;
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
    const host = u.hostname.replace(/^\[|\]$/g, "");
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
