/**
 * Sockets kept open for the next call, each closed once idle past its time. One sweep per pool, not a
 * timer per socket: setting and clearing a socket's timer on every call showed in the fal hop's profile.
 */
export interface Idler {
  readonly socket: { destroy(): void; readonly destroyed: boolean; ref(): unknown; unref(): unknown };
  /** When it was last kept (performance.now()). */
  idleSince: number;
  /** How long it may stay idle; 0 or less: not kept at all. */
  idleMs: number;
}

export class IdleSockets<C extends Idler> {
  private readonly list: C[] = [];
  private sweeper: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly max: number,
    private readonly everyMs = 500,
  ) {}

  get size(): number {
    return this.list.length;
  }

  /**
   * The socket kept last that is still within its idle time and open; any past it on the way are closed.
   * One its peer closed (or that failed) while idle is destroyed at once but leaves the list only on its
   * 'close' event, a turn of the loop later: a call taking it in between would be lost.
   */
  take(): C | undefined {
    const now = performance.now();
    for (let c = this.list.pop(); c; c = this.list.pop()) {
      if (c.socket.destroyed) continue;
      if (now - c.idleSince < c.idleMs) {
        c.socket.ref();
        return c;
      }
      c.socket.destroy();
    }
    return undefined;
  }

  /** Keeps `c` for a next call, or closes it when enough are kept or it is not to be kept. */
  keep(c: C): void {
    if (this.list.length >= this.max || c.idleMs <= 0) return void c.socket.destroy();
    c.idleSince = performance.now();
    this.list.push(c);
    // A pool with idle sockets must not keep the process alive: neither its sweep nor the sockets (as
    // node:http's agent unrefs its free sockets); one is counted again when a call takes it.
    c.socket.unref();
    this.sweeper ??= setInterval(() => this.sweep(), this.everyMs);
    (this.sweeper as { unref?: () => void }).unref?.();
  }

  /** `c` closed (by its peer, an error or a sweep): it is no longer kept. */
  drop(c: C): void {
    const i = this.list.indexOf(c);
    if (i >= 0) this.list.splice(i, 1);
  }

  private sweep() {
    const now = performance.now();
    for (const c of this.list.slice())
      if (now - c.idleSince >= c.idleMs) {
        this.drop(c);
        c.socket.destroy();
      }
    if (!this.list.length) {
      clearInterval(this.sweeper);
      this.sweeper = undefined;
    }
  }
}
