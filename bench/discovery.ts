/**
 * Discovery figures for `npm run bench`: the task set's top-1/top-3 (tuning and held-out parts, for
 * recommend_model and for search_models with the task as query), the model index's build time and heap
 * cost, and first-time / repeated search latency over the full catalog.
 */
import { evaluateRelevance, pct } from "../test/relevance/evaluate.js";
import { current, replaceCatalog, searchModels, snapshotCatalog } from "../src/catalog/search.js";

export type Row = [what: string, figure: string, target?: string];

export async function discoveryRows(): Promise<{ rows: Row[]; results: Record<string, unknown> }> {
  const rows: Row[] = [];
  // Index build: a fresh catalog state, then the first search builds its index (it is lazy).
  replaceCatalog(snapshotCatalog, "snapshot", current().asOf);
  (globalThis as { gc?: () => void }).gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  current().index();
  const buildMs = performance.now() - t0;
  const heapMb = (process.memoryUsage().heapUsed - heap0) / 1e6;
  rows.push([
    "model index build (lazy, on first search)",
    `${buildMs.toFixed(0)} ms, ~${heapMb.toFixed(1)} MB heap${(globalThis as { gc?: () => void }).gc ? "" : " (no --expose-gc: rough)"}`,
  ]);

  const words = [
    "flux",
    "video",
    "upscale",
    "kling",
    "speech",
    "3d",
    "background",
    "portrait",
    "music",
    "lipsync",
    "anime",
    "logo",
    "depth",
    "edit",
    "fast",
    "realistic",
    "sdxl",
    "wan",
    "veo",
    "lora",
  ];
  const queries = words.flatMap((a) => words.map((b) => `${a} ${b}`));
  const measure = () => {
    const t: number[] = [];
    for (const q of queries) {
      const s = performance.now();
      searchModels(q);
      t.push(performance.now() - s);
    }
    t.sort((a, b) => a - b);
    return { p50: t[Math.floor(t.length * 0.5)]!, p99: t[Math.floor(t.length * 0.99)]! };
  };
  // Warm the code paths (JIT) on queries outside the measured set, as a running server would be.
  for (const q of ["warm the index", "an image of a lake", "transcribe audio", "kling 3.0"]) searchModels(q);
  const first = measure();
  const again = measure();
  rows.push([
    `search, ${queries.length} distinct queries, first time`,
    `p50 ${(first.p50 * 1000).toFixed(0)} µs p99 ${(first.p99 * 1000).toFixed(0)} µs`,
    `p50 ≤ 1 ms, p99 ≤ 5 ms: ${first.p50 <= 1 && first.p99 <= 5 ? "met" : "MISSED"}`,
  ]);
  rows.push([
    "search, the same queries again (memoised)",
    `p50 ${(again.p50 * 1000).toFixed(1)} µs p99 ${(again.p99 * 1000).toFixed(1)} µs`,
  ]);

  const rel = await evaluateRelevance();
  for (const [part, label] of [
    ["tuning", "tuning part"],
    ["heldOut", "held-out part"],
  ] as const)
    for (const tool of ["recommend", "search"] as const) {
      const s = rel[part][tool];
      const target = part === "heldOut" ? (tool === "recommend" ? 0.9 : 0.8) : undefined;
      rows.push([
        `${tool === "recommend" ? "recommend_model" : "search_models"}, ${label} (${s.tasks} tasks)`,
        `top-1 ${pct(s.top1)}, top-3 ${pct(s.top3)}`,
        target ? `top-3 ≥ ${target * 100} %: ${s.top3 >= target ? "met" : "MISSED"}` : "",
      ]);
    }
  const strip = (x: typeof rel.tuning) => ({
    recommend: { ...x.recommend, misses: undefined },
    search: { ...x.search, misses: undefined },
  });
  return {
    rows,
    results: {
      indexBuildMs: buildMs,
      indexHeapMb: heapMb,
      searchFirstMs: first,
      searchRepeatMs: again,
      relevance: { tuning: strip(rel.tuning), heldOut: strip(rel.heldOut) },
    },
  };
}
