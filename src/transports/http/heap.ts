/**
 * How a `serve` process's V8 heap grows while it holds many run_model waits. After each full collection
 * V8 lets the old generation grow to up to four times what survived before it collects again. A wait
 * keeps ~25 KB live, and what a wait allocates while it is slow to finish is promoted and dies later:
 * measured with 5,000 waits, the heap reached 300 MB over a 70 MB live set before V8's next full
 * collection (peak RSS ~400 MB). While many connections are open the growth is held to a fixed share of
 * the live set (10 %, V8's smallest factor), which keeps the peak near what is really in use (~240 MB
 * RSS for the same 5,000 waits; 20 % gave ~300-330 MB) for more, mostly incremental and concurrent,
 * full collections. With few connections V8's own policy
 * applies again: a small live set under a fixed share would be collected every few MB, costing short
 * tool calls throughput for no memory worth saving.
 * Node-only (node:v8), and process-wide: the CLI turns it on for its own process (`heapLeanAt`), the
 * library never does it to an embedder's process unless asked.
 */
import { setFlagsFromString } from "node:v8";

/** Old-generation growth after a full collection while many connections are open, in % of the live set. */
export const LEAN_GROWING_PERCENT = Number(process.env.EXP_PCT ?? 10);
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
  // V8 reads this flag each time it sets the next collection's threshold, so switching it at run time works.
  const set = (on: boolean) => {
    lean = on;
    setFlagsFromString(`--heap-growing-percent=${on ? LEAN_GROWING_PERCENT : 0}`);
    if (process.env.EXP_SEMI) setFlagsFromString(`--semi-space-growth-factor=${on ? process.env.EXP_SEMI : 2}`);
  };
  return (open) => {
    if (process.env.EXP_PCT === "0") return;
    if (!lean && open >= leanAt) set(true);
    else if (lean && open < leanAt / 2) set(false);
  };
}
