// One autocannon run in a process of its own (bench/load.ts starts it). The bench process holds
// hundreds of MB by the time the hop runs; a load generator inside it pauses for that heap's
// collections, and every request in flight during a pause reads slower, on whichever side ran then.
// Usage: node bench/load-child.mjs '<json options>'; prints the summary as one JSON line.
import autocannon from "autocannon";

const o = JSON.parse(process.argv[2]);
autocannon({ url: o.url, method: "POST", connections: o.connections, duration: o.seconds, body: o.body, headers: o.headers }, (err, r) => {
  if (err) {
    console.error(String(err));
    process.exit(1);
  }
  const { requests, latency, errors, non2xx } = r;
  console.log(
    JSON.stringify({
      rps: requests.average,
      total: requests.total,
      mean: latency.average,
      p50: latency.p50,
      p99: latency.p99,
      errors,
      non2xx,
    }),
  );
});
