/**
 * Injected faults, repeatable with a seed: per process (options) and per request (the
 * `x-emulator-fault` header, which always wins). Job faults (`stall`, `fail`) are decided at submit.
 */
export type Fault = "5xx" | "429" | "reset" | "slow" | "stall" | "fail";
export const FAULTS: readonly Fault[] = ["5xx", "429", "reset", "slow", "stall", "fail"];
const JOB_FAULTS = new Set<Fault>(["stall", "fail"]);

/** mulberry32: tiny, fast, and the same sequence for the same seed on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FaultConfig {
  /** Probability (0..1) that a request gets one of `kinds`. */
  rate: number;
  kinds: Fault[];
  seed: number;
  slowMs: number;
}

export class FaultInjector {
  private readonly rand: () => number;
  readonly counts: Record<Fault, number> = { "5xx": 0, "429": 0, reset: 0, slow: 0, stall: 0, fail: 0 };
  constructor(readonly config: FaultConfig) {
    this.rand = prng(config.seed);
  }

  /** The fault for this request, if any. `submit` is true for queue submits (the only place job faults apply). */
  pick(header: string | undefined, submit: boolean): Fault | undefined {
    const forced = header?.trim() as Fault | undefined;
    if (forced && FAULTS.includes(forced)) return this.count(forced);
    if (this.config.rate <= 0 || this.config.kinds.length === 0) return undefined;
    if (this.rand() >= this.config.rate) return undefined;
    const candidates = this.config.kinds.filter((k) => submit || !JOB_FAULTS.has(k));
    if (!candidates.length) return undefined;
    return this.count(candidates[Math.floor(this.rand() * candidates.length)]!);
  }

  private count(f: Fault): Fault {
    this.counts[f]++;
    return f;
  }
}

export function parseFaultList(s: string | undefined): Fault[] {
  if (!s) return [];
  const kinds = s
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);
  for (const k of kinds) if (!FAULTS.includes(k as Fault)) throw new Error(`unknown fault "${k}": expected one of ${FAULTS.join(", ")}`);
  return kinds as Fault[];
}
