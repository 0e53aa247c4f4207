/**
 * Huge inputs arriving while small calls are measured (issue 16, finding 2). Shared by the test (which
 * checks that every call is answered and each huge input is refused or run with a sentence) and by
 * `npm run bench` (which reports the worst small-call latency and the server's peak RSS). Loopback only:
 * the server under test is a `fal-mcp serve` process started with FAL_MCP_METRICS=1.
 */
export interface HugeRun {
  smallCalls: number;
  smallFailures: number;
  worstSmallMs: number;
  p50SmallMs: number;
  /** Each huge call's HTTP status and the first words of its answer. */
  huge: { kind: string; status: number; text: string }[];
  peakRssMb: number;
  rssBeforeMb: number;
  /** The server's own longest event-loop stall during the run (its monitor, 10 ms resolution). */
  serverLoopMaxMs: number;
}

const HEADERS = (key: string) => ({
  "content-type": "application/json",
  accept: "application/json, text/event-stream",
  authorization: `Bearer ${key}`,
});
const rpc = (id: number, name: string, args: object) =>
  JSON.stringify({ jsonrpc: "2.0", id, method: "tools/call", params: { name, arguments: args } });

/** The attack list of finding 2 (bodies built once; each under the 16 MiB body limit). */
export function hugeBodies(): { kind: string; body: string }[] {
  const loras5m = `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"submit_job","arguments":{"endpoint_id":"fal-ai/flux-lora","input":{"prompt":"x","loras":[${"{},".repeat(5_000_000 - 1)}{}]}}}}`;
  return [
    { kind: "submit_job, loras of 5 million {} (15 MB)", body: loras5m },
    {
      kind: "run_model, 6,000 loras (over the array bound)",
      body: rpc(2, "run_model", {
        endpoint_id: "fal-ai/flux-lora",
        input: { prompt: "x", loras: Array.from({ length: 6000 }, () => ({ path: "https://example.com/l.safetensors", scale: 1 })) },
      }),
    },
    {
      kind: "run_model, 200 levels deep",
      body: rpc(3, "run_model", {
        endpoint_id: "fal-ai/flux/dev",
        input: { prompt: "x", extra: JSON.parse("[".repeat(200) + "]".repeat(200)) },
      }),
    },
    {
      kind: "submit_job, a 12 MB string field",
      body: rpc(4, "submit_job", { endpoint_id: "fal-ai/flux/dev", input: { prompt: "x", padding: "a".repeat(12 * 1024 * 1024) } }),
    },
    {
      kind: "upload_file, 15.5 MB of base64",
      body: rpc(5, "upload_file", { data: "QUFB".repeat((15.5 * 1024 * 1024) / 4), file_name: "big.bin" }),
    },
  ];
}

type Metrics = { rss: number; maxRss: number; eventLoopDelayMs: { max: number } };
async function metrics(base: string, reset = false): Promise<Metrics> {
  return (await fetch(`${base}/metrics${reset ? "?reset=1" : ""}`)).json() as Promise<Metrics>;
}

export async function hugeInputsRun(url: string, key: string, rounds = 2): Promise<HugeRun> {
  const base = url.replace(/\/mcp$/, "");
  const bodies = hugeBodies();
  const small = rpc(99, "search_models", { query: "flux", limit: 3 });
  // Warm first (the search index and the tool modules load on first use): the run measures the
  // huge inputs, not a cold start.
  for (const body of [small, small, rpc(98, "submit_job", { endpoint_id: "fal-ai/flux/dev", input: { prompt: "x" } })])
    await (await fetch(url, { method: "POST", headers: HEADERS(key), body })).arrayBuffer();
  const before = await metrics(base, true);
  const latencies: number[] = [];
  let smallFailures = 0;
  let done = false;
  const smallLoop = (async () => {
    while (!done) {
      const t0 = performance.now();
      const r = await fetch(url, { method: "POST", headers: HEADERS(key), body: small }).catch(() => undefined);
      const ok = r?.status === 200 && !((await r.json().catch(() => ({ error: 1 }))) as { error?: unknown }).error;
      latencies.push(performance.now() - t0);
      if (!ok) smallFailures++;
      await new Promise((res) => setTimeout(res, 5));
    }
  })();
  const huge: HugeRun["huge"] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      await Promise.all(
        bodies.map(async ({ kind, body }) => {
          const r = await fetch(url, { method: "POST", headers: HEADERS(key), body });
          const j = (await r.json().catch(() => ({}))) as { error?: { message?: string }; result?: { content?: { text?: string }[] } };
          huge.push({ kind, status: r.status, text: String(j.error?.message ?? j.result?.content?.[0]?.text ?? "").slice(0, 300) });
        }),
      );
    }
  } finally {
    done = true;
    await smallLoop;
  }
  const after = await metrics(base);
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    smallCalls: latencies.length,
    smallFailures,
    worstSmallMs: Math.round(sorted.at(-1) ?? 0),
    p50SmallMs: Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0),
    huge,
    peakRssMb: Math.round(after.maxRss / 2 ** 20),
    rssBeforeMb: Math.round(before.rss / 2 ** 20),
    serverLoopMaxMs: Math.round(after.eventLoopDelayMs.max),
  };
}
