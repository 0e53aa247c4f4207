/**
 * This process's own peak resident set size, for `/metrics`. Not getrusage's ru_maxrss
 * (`process.resourceUsage().maxRSS`): Linux keeps that across exec, so a process started by a large one
 * (spawn forks the parent, copying its page tables, then execs) reports the parent's size at the fork as
 * its own peak. Measured: a `serve` process started by a 445 MB process reported 404 MB idle, while its
 * own high-water mark (VmHWM) was 61 MB; the 5,000-waits bench, started from the full `npm run bench`
 * process, reported 283-311 MB while the server's RSS never went past ~230 MB.
 * VmHWM in /proc/self/status is the high-water mark of this program's memory alone. Where there is
 * no /proc (macOS, Windows), getrusage is what there is.
 */
import { readFileSync } from "node:fs";

export function peakRssBytes(): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync("/proc/self/status", "utf8"));
    if (m) return Number(m[1]) * 1024;
  } catch {
    // no /proc here: fall through to getrusage
  }
  return process.resourceUsage().maxRSS * 1024;
}
