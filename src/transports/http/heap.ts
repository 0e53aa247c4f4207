/**
 * How a `serve` process's V8 heap grows while it holds many run_model waits. After each full collection
 * V8 lets the old generation grow to up to four times what survived before it collects again, and while
 * a burst of calls keeps most of what it allocates alive it doubles the young generation up to 2 × 16 MB.
 * Measured with 5,000 waits (~22 KB live each since the leaner wait, heap snapshots), V8's own policy
 * peaked at ~410 MB RSS over a ~135 MB live set.
 * While many connections are open:
 * - the old generation grows by a fixed share of the live set (10 %, V8's smallest factor): the peak stays
 *   near what is really in use. 25 % gave 238-299 MB RSS, 50 % 322 MB, 10 % 242-252 MB (same load);
 * - the young generation stops growing (`--semi-space-growth-factor=1`): it stays at the size it had
 *   when the policy came on, instead of doubling to 16 MB in the burst. That was ~60 MB of the peak
 *   (310-330 MB without it, 10 % either way). These peaks were read with getrusage, which on Linux can
 *   include the launching process's size (see peak-rss.ts): the comparisons stand, not the absolutes.
 * The cost is more collections, and it is small: with 5,000 waits, 11 full collections took ~0.3 s in all
 * (mostly incremental and concurrent, the longest pause 40 ms) and ~100 scavenges ~2 s; the event loop's
 * longest delays under load come from the burst of calls itself, not from these.
 * With few connections V8's own policy applies again: a small live set under a fixed share would be
 * collected every few MB, costing short tool calls throughput for no memory worth saving.
 * Node-only (node:v8), and process-wide: the CLI turns it on for its own process (`heapLeanAt`), the
 * library never does it to an embedder's process unless asked.
 */
import { setFlagsFromString } from "node:v8";

/** Old-generation growth after a full collection while many connections are open, in % of the live set. */
export const LEAN_GROWING_PERCENT = 10;
/**
 * Open connections past which the lean policy applies (it ends below half of this: no flapping). Low,
 * because V8 sets each limit at a full collection: one that happens before the policy is on lets the
 * heap run to four times its live set before the next (measured: 1,000 here gave 213-370 MB RSS for
 * 5,000 waits depending on when the first collection fell). Benchmarks of short calls use 10-20.
 */
export const DEFAULT_HEAP_LEAN_AT = 256;

/** Returns a function to call with the open-connection count as it changes. */
export function heapPolicy(leanAt: number): (open: number) => void {
  let lean = false;
  // V8 reads these flags each time it sets the next collection's threshold or grows the young
  // generation, so switching them at run time works (a semi-space's maximum, by contrast, is fixed at start).
  const set = (on: boolean) => {
    lean = on;
    setFlagsFromString(`--heap-growing-percent=${on ? LEAN_GROWING_PERCENT : 0}`);
    setFlagsFromString(`--semi-space-growth-factor=${on ? 1 : 2}`);
  };
  return (open) => {
    if (!lean && open >= leanAt) set(true);
    else if (lean && open < leanAt / 2) set(false);
  };
}
