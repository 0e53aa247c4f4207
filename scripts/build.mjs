// Build dist/: an esbuild bundle with code splitting, then declaration files (scripts/build-types.mjs).
// - Entry points are the CLI and the package's exports; each generated model module is an entry point of
//   its own, so it stays a separate file that loads only when that endpoint id is used.
// - Everything they import (our modules, the MCP SDK, Zod, ...) is bundled into shared chunks, so a cold
//   process resolves and reads a handful of files instead of hundreds; dynamic imports stay lazy chunks.
// Type checking is `npm run typecheck` (tsc), run by `npm test`; doing it here too would slow `npm ci`.
// More steps (e.g. a viewer app) are added to STEPS below; each runs in order and reports its time.
import { build } from "esbuild";
import { readdirSync, rmSync, chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The package's entry points: the CLI (`bin`) and every `exports` path of package.json. */
const ENTRIES = ["src/cli.ts", "src/index.ts", "src/fal/index.ts", "src/transports/http/fetch.ts", "src/emulator/server.ts"];

const modelEntries = () =>
  readdirSync("generated/models")
    .filter((f) => f.endsWith(".ts") && f !== "index.ts")
    .map((f) => join("generated/models", f));

/** The MCP App viewer (scripts/build-viewer.mjs): one self-contained HTML document, built before the bundle. */
let viewerHtml;
async function viewer() {
  const { buildViewer } = await import("./build-viewer.mjs");
  const r = await buildViewer();
  viewerHtml = r.html;
  return `${r.bytes} bytes of self-contained HTML`;
}

/** `src/app/viewer-html.js` has no source file: it is the viewer document, a lazy chunk of its own. */
const viewerModule = {
  name: "viewer-html",
  setup(b) {
    b.onResolve({ filter: /[\\/]?viewer-html\.js$/ }, (a) => ({ path: join(a.resolveDir, "viewer-html.js"), namespace: "viewer-html" }));
    b.onLoad({ filter: /.*/, namespace: "viewer-html" }, () => ({
      contents: `export default ${JSON.stringify(viewerHtml)};`,
      loader: "js",
    }));
  },
};

async function bundle() {
  const sdk = await import("@modelcontextprotocol/sdk/types.js");
  const models = modelEntries();
  const r = await build({
    entryPoints: [...ENTRIES, ...models],
    outdir: "dist",
    outbase: ".",
    entryNames: "[dir]/[name]",
    chunkNames: "chunks/[name]-[hash]",
    format: "esm",
    platform: "node",
    target: "node20",
    bundle: true,
    splitting: true,
    plugins: [viewerModule],
    // The protocol versions this SDK speaks, known at build time: stdio and HTTP can answer `initialize`
    // and check `mcp-protocol-version` before the SDK (and Zod) are loaded. See src/server/protocol-versions.ts.
    define: {
      __MCP_PROTOCOL_VERSIONS__: JSON.stringify({ latest: sdk.LATEST_PROTOCOL_VERSION, supported: sdk.SUPPORTED_PROTOCOL_VERSIONS }),
    },
    metafile: true,
    logLevel: "warning",
  });
  chmodSync("dist/src/cli.js", 0o755);
  // What the bundle holds, for reviewers and `bench/lean.ts` (not shipped: see package.json files).
  writeFileSync("dist/meta.json", JSON.stringify(r.metafile));
  return `${ENTRIES.length} entries + ${models.length} model modules, ${Object.keys(r.metafile.outputs).length} files`;
}

async function declarations() {
  const { emitDeclarations } = await import("./build-types.mjs");
  return emitDeclarations();
}

const STEPS = [
  ["viewer", viewer],
  ["bundle", bundle],
  ["declarations", declarations],
];

rmSync("dist", { recursive: true, force: true });
for (const [name, step] of STEPS) {
  const t0 = performance.now();
  const what = await step();
  console.log(`build: ${name}: ${what} in ${Math.round(performance.now() - t0)} ms`);
}
