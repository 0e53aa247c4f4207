/**
 * The benches' HTTP load: autocannon, run in a small process of its own (bench/load-child.mjs) so the
 * bench process's own heap and collections never stall the load generator mid-run. Latencies (ms, to the
 * microsecond) are each 2xx answer's own, not autocannon's whole-millisecond histogram.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";

const CHILD = join(new URL("..", import.meta.url).pathname, "bench/load-child.mjs");

export interface Load {
  rps: number;
  total: number;
  mean: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

export function load(url: string, body: string, headers: Record<string, string>, seconds = 3, connections = 20): Promise<Load> {
  const options = JSON.stringify({ url, body, headers, seconds, connections });
  return new Promise((resolve, reject) =>
    execFile(process.execPath, [CHILD, options], { timeout: (seconds + 30) * 1000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`load on ${url}: ${stderr || err.message}`)) : resolve(JSON.parse(stdout) as Load),
    ),
  );
}
