/**
 * Who goes next for a pool's sockets: the caller (one per fal key) holding the fewest, and none holds
 * more than its share. A hosted server carries many users' calls to the same fal host. With one queue in
 * arrival order, one user's burst (thousands of run_model waits submitting at once) put every other
 * user's call behind all of it, and one key's calls to a stalled fal could hold every socket.
 */
export interface Waiter {
  waiting: boolean;
  /** Who the call is for (a hash of its credentials: the key itself is not kept here). */
  readonly owner: number;
}

export class FairQueue<T extends Waiter> {
  /** Per owner, its waiting calls in order; a call that left stays until its turn, then is skipped. */
  private readonly lines = new Map<number, Fifo<T>>();
  /** Owners with calls waiting, in turn order. */
  private readonly turns = new Fifo<number>();
  private readonly inUse = new Map<number, number>();

  constructor(private readonly share: number) {}

  /** True while the owner holds fewer sockets than its share. */
  mayStart(owner: number): boolean {
    return (this.inUse.get(owner) ?? 0) < this.share;
  }

  started(owner: number) {
    this.inUse.set(owner, (this.inUse.get(owner) ?? 0) + 1);
  }

  finished(owner: number) {
    const n = (this.inUse.get(owner) ?? 1) - 1;
    if (n > 0) this.inUse.set(owner, n);
    else this.inUse.delete(owner);
  }

  push(t: T) {
    t.waiting = true;
    const line = this.lines.get(t.owner);
    if (line) return void line.push(t);
    this.lines.set(t.owner, new Fifo<T>().push(t));
    this.turns.push(t.owner);
  }

  /**
   * The next waiting call of the owner holding the fewest sockets (under its share); among equals, the
   * one whose turn came first. That owner then goes to the back of the turns.
   */
  next(): T | undefined {
    for (;;) {
      let pick = -1;
      let least = this.share;
      for (let i = 0; i < this.turns.length; i++) {
        const n = this.inUse.get(this.turns.at(i)) ?? 0;
        if (n < least) {
          least = n;
          pick = i;
          // None holds fewer than none. Without this stop, every freed socket scanned every waiting
          // owner: 50,000 keys waiting (callers are remote users) took seconds of event loop to drain.
          // At most the pool's sockets' owners hold any, so a scan now passes at most that many.
          if (n === 0) break;
        }
      }
      if (pick < 0) return undefined;
      const owner = this.turns.removeAt(pick);
      const line = this.lines.get(owner)!;
      let t = line.shift();
      while (t && !t.waiting) t = line.shift();
      if (line.length) this.turns.push(owner);
      else this.lines.delete(owner);
      if (t) {
        t.waiting = false;
        return t;
      }
    }
  }
}

/**
 * First in, first out, with the front taken in O(1): Array#shift on a long array moved every entry (one
 * key's 200,000 waiting calls took 43 s of event loop to drain; 50,000 keys waiting, 7 s).
 */
class Fifo<V> {
  private items: V[] = [];
  private head = 0;

  get length() {
    return this.items.length - this.head;
  }

  at(i: number): V {
    return this.items[this.head + i]!;
  }

  push(v: V): this {
    this.items.push(v);
    return this;
  }

  shift(): V | undefined {
    if (this.head >= this.items.length) return undefined;
    const v = this.items[this.head]!;
    this.items[this.head++] = undefined as V; // not kept alive by the array
    // Taken fronts are dropped once they are half the array: amortized O(1), memory bounded.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return v;
  }

  /** The entry `i` from the front, taken out (the front itself in O(1)). */
  removeAt(i: number): V {
    if (i === 0) return this.shift()!;
    return this.items.splice(this.head + i, 1)[0]!;
  }
}

/** FNV-1a: a cheap, stable number for a caller's credentials (collisions only make two callers share). */
export function ownerOf(credentials: string | undefined): number {
  let h = 0x811c9dc5;
  if (credentials) for (let i = 0; i < credentials.length; i++) h = Math.imul(h ^ credentials.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
