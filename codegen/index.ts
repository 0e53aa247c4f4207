/**
 * `npm run codegen [-- --check] [-- --strict]`: openapi/ → generated/, in named, timed stages:
 * load → patch (fal quirks) → normalize → emit → write. Deterministic: same specs, same bytes.
 *
 *   --check   render in memory and compare with generated/ byte for byte; exit 1 naming the fix
 *   --strict  exit non-zero when any spec could not be handled (by default they are reported and skipped)
 */
import { readFileSync, writeFileSync, mkdirSync, readdirSync, rmSync, existsSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { Project } from "ts-morph";
import { load, SERVICE_SPECS } from "./load.js";
import { patchModelSpec } from "./patch.js";
import { normalizeModel, type ModelIR } from "./normalize.js";
import { emitModel } from "./emit/model.js";
import { emitService } from "./emit/services.js";
import { emitCatalog, emitModelIndex } from "./emit/catalog.js";
import { emitTools, emitToolDefinitions } from "./emit/tools.js";
import { sha256, stableJson } from "./specs.js";

export interface CodegenResult {
  files: Map<string, string>;
  manifest: string;
  problems: { file: string; reason: string }[];
  timings: Record<string, number>;
  models: number;
}

export async function generate(openapiDir: string): Promise<CodegenResult> {
  const timings: Record<string, number> = {};
  const timed = async <T>(stage: string, f: () => Promise<T> | T): Promise<T> => {
    const t0 = performance.now();
    try {
      return await f();
    } finally {
      timings[stage] = Math.round(performance.now() - t0);
    }
  };
  const files = new Map<string, string>();
  const problems: { file: string; reason: string }[] = [];
  const outputsOf = new Map<string, string[]>();
  const addOutput = (spec: string, out: string) => outputsOf.set(spec, [...(outputsOf.get(spec) ?? []), out]);

  const loaded = await timed("load", () => load(openapiDir));

  const irs = await timed("patch+normalize", () => {
    const out: { ir: ModelIR; file: string; hash: string }[] = [];
    for (const m of loaded.models) {
      if (m.error) {
        problems.push({ file: m.file, reason: m.error });
        continue;
      }
      try {
        const patched = patchModelSpec(m.json);
        out.push({ ir: normalizeModel(patched.spec, patched.notes), file: m.file, hash: sha256(m.text) });
      } catch (e) {
        problems.push({ file: m.file, reason: (e as Error).message });
      }
    }
    out.sort((a, b) => (a.ir.endpointId < b.ir.endpointId ? -1 : 1));
    return out;
  });

  await timed("emit models", async () => {
    const project = new Project({ useInMemoryFileSystem: true });
    for (const { ir, file, hash } of irs) {
      const path = `generated/models/${ir.slug}.ts`;
      try {
        files.set(path, await emitModel(project, `/${path}`, ir, hash));
        addOutput(file, path);
      } catch (e) {
        problems.push({ file, reason: `emit failed: ${(e as Error).message}` });
      }
    }
  });
  const emitted = irs.filter(({ ir }) => files.has(`generated/models/${ir.slug}.ts`)).map(({ ir }) => ir);
  const modelsHash = sha256(irs.map((x) => x.hash).join("\n"));

  await timed("emit services", async () => {
    for (const [name, file] of Object.entries(SERVICE_SPECS)) {
      const spec = loaded.services.find((s) => s.file === file)!;
      if (spec.error) {
        problems.push({ file, reason: spec.error });
        continue;
      }
      const path = `generated/clients/${name}.ts`;
      try {
        files.set(path, await emitService(name, spec.json, sha256(spec.text)));
        addOutput(file, path);
      } catch (e) {
        problems.push({ file, reason: `emit failed: ${(e as Error).message}` });
      }
    }
  });

  await timed("emit catalog+index+tools", () => {
    const read = (f: string) => readFileSync(join(openapiDir, f), "utf8");
    const catHash = sha256(["catalog.json", "pricing.json", "docs-llms.txt"].map(read).join("\n"));
    files.set("generated/catalog.ts", emitCatalog(emitted, loaded.catalog, loaded.prices, loaded.docsIndex, catHash, loaded.catalogAsOf));
    for (const f of ["catalog.json", "pricing.json", "docs-llms.txt"]) addOutput(f, "generated/catalog.ts");
    files.set("generated/models/index.ts", emitModelIndex(emitted, modelsHash));
    const toolsText = read("tools.json");
    files.set("generated/tools.ts", emitTools(JSON.parse(toolsText), sha256(toolsText)));
    files.set("generated/tool-definitions.ts", emitToolDefinitions(JSON.parse(toolsText), sha256(toolsText)));
    addOutput("tools.json", "generated/tools.ts");
    addOutput("tools.json", "generated/tool-definitions.ts");
  });

  // The manifest: every vendored file, where it came from, its hash, and what it generates.
  const manifestEntries: Record<string, unknown> = {};
  const allSpecFiles = [
    ...loaded.services.map((s) => s.file),
    ...loaded.models.map((m) => m.file),
    "catalog.json",
    "pricing.json",
    "docs-llms.txt",
    "tools.json",
  ];
  for (const f of allSpecFiles.sort()) {
    const text = readFileSync(join(openapiDir, f));
    const src = loaded.sources[f];
    manifestEntries[f] = {
      origin: src?.origin ?? "unknown",
      source: src?.source ?? "unrecorded",
      ...(src?.fetched_at ? { fetched_at: src.fetched_at } : {}),
      sha256: sha256(text),
      outputs: (outputsOf.get(f) ?? []).sort(),
    };
  }
  const manifest = stableJson({ generator: "fal-mcp codegen (npm run codegen)", specs: manifestEntries }, 1) + "\n";
  return { files, manifest, problems, timings, models: emitted.length };
}

/** Every file generate() owns: anything else under generated/ is stale and removed on write. */
function existingGenerated(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    if (!existsSync(d)) return;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(relative(root, p));
    }
  };
  walk(join(root, "generated"));
  return out;
}

async function main() {
  const args = process.argv.slice(2);
  const check = args.includes("--check");
  const strict = args.includes("--strict");
  const root = resolve(".");
  const t0 = performance.now();
  const res = await generate(join(root, "openapi"));
  const manifestPath = "openapi/manifest.json";
  for (const p of res.problems) console.error(`codegen: skipped ${p.file}: ${p.reason}`);

  if (check) {
    const drift: string[] = [];
    for (const [path, text] of res.files) {
      const full = join(root, path);
      if (!existsSync(full) || readFileSync(full, "utf8") !== text) drift.push(path);
    }
    for (const path of existingGenerated(root)) if (!res.files.has(path)) drift.push(`${path} (stale)`);
    if (!existsSync(join(root, manifestPath)) || readFileSync(join(root, manifestPath), "utf8") !== res.manifest) drift.push(manifestPath);
    if (drift.length) {
      console.error(
        `codegen --check: ${drift.length} generated file(s) differ from openapi/:\n  ${drift.slice(0, 20).join("\n  ")}${drift.length > 20 ? `\n  … and ${drift.length - 20} more` : ""}\nFix: run \`npm run codegen\` and commit generated/ and openapi/manifest.json.`,
      );
      process.exit(1);
    }
    console.log(
      `codegen --check: generated/ matches openapi/ (${res.files.size} files, ${res.models} models, ${Math.round(performance.now() - t0)} ms)`,
    );
  } else {
    let bytes = 0;
    for (const [path, text] of res.files) {
      const full = join(root, path);
      mkdirSync(dirname(full), { recursive: true });
      if (!existsSync(full) || readFileSync(full, "utf8") !== text) writeFileSync(full, text);
      bytes += Buffer.byteLength(text);
    }
    for (const path of existingGenerated(root)) if (!res.files.has(path)) rmSync(join(root, path));
    writeFileSync(join(root, manifestPath), res.manifest);
    const stages = Object.entries(res.timings)
      .map(([k, v]) => `${k} ${v} ms`)
      .join(", ");
    console.log(
      `codegen: ${res.models} models, ${res.files.size} files, ${(bytes / 1e6).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s (${stages})`,
    );
  }
  if (res.problems.length) {
    console.error(
      `codegen: ${res.problems.length} spec(s) could not be handled (see above)${strict ? "; failing because of --strict" : ""}`,
    );
    if (strict) process.exit(2);
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("codegen/index.ts")) await main();
