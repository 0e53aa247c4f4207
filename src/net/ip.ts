/**
 * IP ranges in plain TypeScript (no node:net), so the address check runs unchanged on Node, Workers,
 * Deno and Bun. Addresses become BigInts; a range is a prefix of those bits.
 */
export function parseIPv4(s: string): bigint | undefined {
  const parts = s.split(".");
  if (parts.length !== 4) return undefined;
  let n = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = (n << 8n) | BigInt(Number(p));
  }
  return n;
}

export function parseIPv6(input: string): bigint | undefined {
  let s = input.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  // A trailing dotted IPv4 (e.g. ::ffff:1.2.3.4) becomes two hex groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4) {
    const n = parseIPv4(v4[1]!);
    if (n === undefined) return undefined;
    s = s.slice(0, -v4[1]!.length) + `${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const halves = s.split("::");
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  let n = 0n;
  for (const g of groups) {
    if (!/^[0-9a-f]{1,4}$/i.test(g)) return undefined;
    n = (n << 16n) | BigInt(parseInt(g, 16));
  }
  return n;
}

export class RangeSet {
  private readonly ranges: { base: bigint; mask: bigint }[] = [];
  constructor(bits: 32 | 128, cidrs: [string, number][]) {
    const parse = bits === 32 ? parseIPv4 : parseIPv6;
    for (const [net, len] of cidrs) {
      const base = parse(net);
      if (base === undefined) throw new Error(`bad range ${net}/${len}`);
      const mask = len === 0 ? 0n : ((1n << BigInt(len)) - 1n) << BigInt(bits - len);
      this.ranges.push({ base: base & mask, mask });
    }
  }
  has(addr: bigint): boolean {
    return this.ranges.some((r) => (addr & r.mask) === r.base);
  }
}
