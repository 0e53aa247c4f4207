// One autocannon run in a process of its own (bench/load.ts starts it). The bench process holds
// hundreds of MB by the time the hop runs; a load generator inside it pauses for that heap's
// collections, and every request in flight during a pause reads slower, on whichever side ran then.
// Latencies are taken from each 2xx answer's own time: autocannon's histogram keeps whole milliseconds
// (0.4, 0.9, 1.2, 1.9, 2.6 ms average 0.8 there, 1.4 in fact), which on sub-millisecond hops read
// 0.3–0.45 ms low (found by an outside review).
// Usage: node bench/load-child.mjs '<json options>'; prints the summary as one JSON line.
import autocannon from "autocannon";

const o = JSON.parse(process.argv[2]);
const times = [];
const instance = autocannon(
  { url: o.url, method: "POST", connections: o.connections, duration: o.seconds, body: o.body, headers: o.headers },
  (err, r) => {
    if (err) {
      console.error(String(err));
      process.exit(1);
    }
    const sorted = Float64Array.from(times).sort();
    const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
    const ms = (x) => Math.round(x * 1000) / 1000; // to the microsecond
    const mean = ms(sorted.reduce((t, x) => t + x, 0) / Math.max(1, sorted.length));
    const { requests, errors, non2xx } = r;
    console.log(
      JSON.stringify({ rps: requests.average, total: requests.total, mean, p50: ms(at(0.5)), p99: ms(at(0.99)), errors, non2xx }),
    );
  },
);
instance.on("response", (_client, status, _bytes, ms) => {
  if (status >= 200 && status < 300) times.push(ms);
});
