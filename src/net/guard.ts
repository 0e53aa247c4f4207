/**
 * SSRF guard for URLs the server fetches on a caller's behalf (upload_file): http(s) only; every
 * resolved address of every hop must be public (no loopback, private, link-local, CGNAT, metadata,
 * unique-local, multicast, reserved, IPv4-mapped forms of those); redirects capped and re-checked;
 * size and time bounded. The resolver is injectable so tests check inner ranges without traffic.
 */
import { parseIPv4, parseIPv6, RangeSet } from "./ip.js";
import { BodyTooLarge, readBounded } from "./bounded-read.js";

export type Resolver = (host: string) => Promise<string[]>;
/** The system resolver, loaded only when used (Workers have no node:dns). */
export const systemResolver: Resolver = async (host) => {
  const { lookup } = await import("node:dns/promises");
  return (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
};

// Every range an outbound fetch must never reach, with where it comes from. IPv4: the IANA IPv4
// Special-Purpose Address Registry (RFC 6890 and updates) plus cloud platform addresses outside it.
const blocked4 = new RangeSet(32, [
  ["0.0.0.0", 8], // "this network" (RFC 791, RFC 1122 §3.2.1.3)
  ["10.0.0.0", 8], // private (RFC 1918)
  ["100.64.0.0", 10], // shared address space / CGNAT (RFC 6598); Alibaba's metadata 100.100.100.200 is here
  ["127.0.0.0", 8], // loopback (RFC 1122)
  ["169.254.0.0", 16], // link-local (RFC 3927); AWS/GCP/Azure/OCI metadata 169.254.169.254 is here
  ["172.16.0.0", 12], // private (RFC 1918)
  ["192.0.0.0", 24], // IETF protocol assignments (RFC 6890); Oracle's metadata 192.0.0.192 is here
  ["192.0.2.0", 24], // TEST-NET-1 (RFC 5737)
  ["192.88.99.0", 24], // 6to4 relay anycast (RFC 3068, deprecated by RFC 7526)
  ["192.168.0.0", 16], // private (RFC 1918)
  ["198.18.0.0", 15], // benchmarking (RFC 2544)
  ["198.51.100.0", 24], // TEST-NET-2 (RFC 5737)
  ["203.0.113.0", 24], // TEST-NET-3 (RFC 5737)
  ["224.0.0.0", 4], // multicast (RFC 5771)
  ["240.0.0.0", 4], // reserved (RFC 1112 §4), including broadcast 255.255.255.255 (RFC 919)
  ["168.63.129.16", 32], // Azure's platform address: wireserver, DNS, health probes (learn.microsoft.com, "What is IP address 168.63.129.16?")
]);
// IPv6: the IANA IPv6 Special-Purpose Address Registry (RFC 6890 and updates). Forms that carry an
// IPv4 address inside are refused whole rather than judged by that address: each is a translation or
// tunnelling mechanism a fetch on a caller's behalf has no business using, and judging them would trust
// whatever relay or translator sits on the path. Only IPv4-mapped ::ffff:0:0/96 is judged by its IPv4
// (below): it is how dual-stack sockets write plain IPv4.
const blocked6 = new RangeSet(128, [
  ["::", 96], // IPv4-compatible addresses (RFC 4291 §2.5.5.1, deprecated), with :: (unspecified) and ::1 (loopback)
  ["::ffff:0:0:0", 96], // IPv4-translated addresses (SIIT, RFC 2765 §2.1)
  ["64:ff9b::", 96], // NAT64 well-known prefix (RFC 6052)
  ["64:ff9b:1::", 48], // NAT64 local-use prefix (RFC 8215)
  ["100::", 64], // discard-only (RFC 6666)
  ["2001::", 23], // IETF protocol assignments (RFC 2928), including Teredo 2001::/32 (RFC 4380, embedded IPv4)
  ["2001:db8::", 32], // documentation (RFC 3849)
  ["2002::", 16], // 6to4 (RFC 3056, embedded IPv4; deprecated by RFC 7526)
  ["3fff::", 20], // documentation (RFC 9637)
  ["5f00::", 16], // SRv6 SIDs (RFC 9602)
  ["fc00::", 7], // unique local (RFC 4193); AWS's IPv6 metadata fd00:ec2::254 is here
  ["fe80::", 10], // link-local (RFC 4291)
  ["fec0::", 10], // site-local (RFC 3879, deprecated)
  ["ff00::", 8], // multicast (RFC 4291)
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
  /** `maxBytes` lowers the guard's own limit for this fetch (an inline image needs far less). */
  fetchBytes(
    url: string,
    signal?: AbortSignal,
    maxBytes?: number,
  ): Promise<{ bytes: Uint8Array; contentType: string | undefined; finalUrl: string }>;
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
    if (u.protocol !== "http:" && u.protocol !== "https:")
      throw new UrlRefused(`only http and https URLs can be fetched, not ${u.protocol}`);
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
    const addrs = isIP(host)
      ? [host]
      : await resolver(host).catch(() => {
          throw new UrlRefused(`cannot resolve host ${host}`);
        });
    if (!addrs.length) throw new UrlRefused(`host ${host} has no address`);
    const bad = addrs.find(isBlockedAddress);
    if (bad) throw new UrlRefused(`${host} resolves to ${bad}, a private, loopback, link-local or reserved address`);
    return u;
  }

  async function fetchBytes(raw: string, signal?: AbortSignal, limit = maxBytes) {
    const max = Math.min(limit, maxBytes);
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
      let bytes: Uint8Array;
      try {
        bytes = await readBounded(res, max, sig);
      } catch (e) {
        if (e instanceof BodyTooLarge) throw new UrlRefused(`the file is over the ${max}-byte limit`);
        throw e;
      }
      return { bytes, contentType: res.headers.get("content-type") ?? undefined, finalUrl: url.toString() };
    }
  }
  return { check, fetchBytes, maxBytes };
}
