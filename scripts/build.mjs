// Build dist/ by transpiling src/ and generated/ file by file with esbuild (no bundling: model modules
// must stay separate files so they load lazily). Type checking is `npm run typecheck` (tsc), run by
// `npm test`; doing it here too would add ~30 s to every `npm ci`.
import { build } from "esbuild";
import { readdirSync, rmSync, chmodSync, existsSync } from "node:fs";
import { join } from "node:path";

const files = [];
const walk = (d) => {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const p = join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (p.endsWith(".ts") && !p.endsWith(".d.ts")) files.push(p);
  }
};
walk("src");
walk("generated");
rmSync("dist", { recursive: true, force: true });
const t0 = performance.now();
await build({ entryPoints: files, outdir: "dist", outbase: ".", format: "esm", platform: "node", target: "node20", bundle: false, logLevel: "warning" });
if (existsSync("dist/src/cli.js")) chmodSync("dist/src/cli.js", 0o755);
console.log(`build: ${files.length} files → dist/ in ${Math.round(performance.now() - t0)} ms`);
await import("./build-viewer.mjs").then((m) => m.buildViewer()).then((r) => console.log(`viewer: ${r.bytes} bytes (self-contained HTML) in ${r.ms} ms`));
