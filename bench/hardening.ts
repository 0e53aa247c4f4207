/**
 * `npm run bench` section for issue 16: small-call latency while huge inputs arrive (goal ≤ 250 ms), the
 * server's peak RSS, and the worst validation time of the largest inputs the bounds accept.
 */
import { spawn } from "node:child_process";
import { hugeInputsRun } from "../test/reliability/huge-inputs.js";
import { checkInputBounds, countJsonValues, INPUT_BOUNDS, MAX_BODY_VALUES } from "../src/tools/bounds.js";
import { loadModel } from "../src/catalog/models.js";

export type Row = [what: string, figure: string, target: string];

/** Worst of `n` runs of `f`, in ms. */
function worst(n: number, f: () => void): number {
  let w = 0;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    f();
    w = Math.max(w, performance.now() - t0);
  }
  return Math.round(w * 10) / 10;
}

/** Validation cost of the largest inputs the bounds accept, each as fal-ai/flux-lora's schema sees it. */
export async function validationWorstCase(): Promise<{ rows: Row[]; figures: Record<string, number> }> {
  const mod = (await loadModel("fal-ai/flux-lora"))!;
  const B = INPUT_BOUNDS;
  // Most values allowed: arrays at the default item cap, elements shaped as the schema wants.
  const perItem = 3; // the object, path, scale
  const loras = Array.from({ length: B.maxArrayItems }, () => ({ path: "https://example.com/l.safetensors", scale: 1 }));
  // The rest of the value budget as numbers, in arrays at the item cap (root, prompt, loras, extra and
  // the chunk arrays are values too).
  const numbers = B.maxValues - (4 + B.maxArrayItems * perItem) - 10;
  const extra = Array.from({ length: Math.ceil(numbers / B.maxArrayItems) }, (_, c) =>
    Array.from({ length: Math.min(B.maxArrayItems, numbers - c * B.maxArrayItems) }, (_, i) => i),
  );
  const manyValues = { prompt: "a lake", loras, extra };
  const longString = { prompt: "x".repeat(B.maxChars - 100) };
  let deep: unknown = 1;
  for (let i = 0; i < B.maxDepth - 2; i++) deep = { d: deep };
  const deepest = { prompt: "x", deep };
  const cases: [string, Record<string, unknown>][] = [
    ["most values (50,000)", manyValues],
    ["longest string (10 MB)", longString],
    ["deepest (32 levels)", deepest],
  ];
  const rows: Row[] = [];
  const figures: Record<string, number> = {};
  for (const [name, input] of cases) {
    const text = JSON.stringify(input);
    const bounds = worst(5, () => checkInputBounds(input, mod.input, "fal-ai/flux-lora"));
    const scan = worst(5, () => countJsonValues(text, MAX_BODY_VALUES));
    const zod = worst(5, () => void mod.input.safeParse(input));
    figures[name] = bounds + scan + zod;
    rows.push([`  ${name}: body scan / bounds / schema`, `${scan} / ${bounds} / ${zod} ms`, ""]);
  }
  const top = Math.max(...Object.values(figures));
  // Rounded: the sum of three rounded figures can print as 24.900000000000002.
  rows.unshift(["validation, largest accepted inputs (worst of 5)", `${top.toFixed(1)} ms worst case`, "≤ 250 ms"]);
  return { rows, figures };
}

export async function hardeningBench(cli: string, key: string): Promise<{ rows: Row[]; results: Record<string, unknown> }> {
  const child = spawn(process.execPath, [cli, "serve", "--port", "0", "--emulator", "--no-live"], {
    env: { ...process.env, FAL_MCP_METRICS: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    const t = setTimeout(() => reject(new Error(`no listening line: ${out}`)), 20_000);
    child.stdout!.on("data", (d) => {
      out += d;
      const m = /listening on (\S+)/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve(m[1]!);
      }
    });
  });
  try {
    const run = await hugeInputsRun(url, key, 2);
    const v = await validationWorstCase();
    const rows: Row[] = [
      ["huge inputs (15 MB of {}, deep, wide, 12 MB strings, 15.5 MB base64) ×2", `${run.huge.length} refused with a sentence`, ""],
      [
        "  worst small call while they arrive (client-side)",
        `${run.worstSmallMs} ms (p50 ${run.p50SmallMs} ms, ${run.smallCalls} calls)`,
        "≤ 250 ms",
      ],
      ["  server event-loop stall, max", `${run.serverLoopMaxMs} ms`, ""],
      ["  server RSS before / peak", `${run.rssBeforeMb} / ${run.peakRssMb} MB`, ""],
      ...v.rows,
    ];
    return { rows, results: { hugeInputs: run, validationMs: v.figures } };
  } finally {
    child.kill("SIGTERM");
  }
}
