/**
 * Bounded state: jobs and files expire after a TTL and are capped in count/bytes (oldest first), so a
 * long soak cannot grow the emulator without bound.
 */
export interface Job {
  id: string;
  endpointId: string;
  app: string;
  input: Record<string, unknown>;
  submittedAt: number;
  queueMs: number;
  runMs: number;
  fault?: "stall" | "fail";
  cancelled?: boolean;
  /** When the job reached COMPLETED (or was cancelled), for the TTL. */
  doneAt?: number;
  output?: unknown;
}

export class Expiring<V> {
  private readonly map = new Map<string, { v: V; at: number; size: number }>();
  private bytes = 0;
  evicted = 0;
  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly maxBytes = Infinity,
  ) {}

  get size(): number {
    return this.map.size;
  }
  get totalBytes(): number {
    return this.bytes;
  }

  set(k: string, v: V, size = 0): void {
    this.delete(k);
    this.map.set(k, { v, at: Date.now(), size });
    this.bytes += size;
    this.sweep();
  }

  get(k: string): V | undefined {
    const e = this.map.get(k);
    if (!e) return undefined;
    if (Date.now() - e.at > this.ttlMs) {
      this.delete(k);
      return undefined;
    }
    return e.v;
  }

  /** Restart an entry's TTL (a job's clock starts again when it finishes). */
  touch(k: string): void {
    const e = this.map.get(k);
    if (!e) return;
    this.map.delete(k);
    e.at = Date.now();
    this.map.set(k, e);
  }

  delete(k: string): void {
    const e = this.map.get(k);
    if (e) {
      this.bytes -= e.size;
      this.map.delete(k);
    }
  }

  /** Maps iterate in insertion order, and `touch` re-inserts: the first entries are the oldest. */
  private sweep(): void {
    const now = Date.now();
    for (const [k, e] of this.map) {
      const over = this.map.size > this.maxEntries || this.bytes > this.maxBytes;
      if (!over && now - e.at <= this.ttlMs) break;
      this.delete(k);
      this.evicted++;
    }
  }
}
