// Build the MCP App media viewer (src/app/viewer/) into one self-contained HTML document: esbuild
// bundles the TypeScript with ext-apps' `App`, the CSS and the script are inlined, nothing is loaded
// from the network. Writes dist/viewer/viewer.html (to open or measure) and returns the document for the bundle
// (the same document as a module, which the server serves as ui://fal-mcp/viewer.html).
import { build } from "esbuild";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

export const VIEWER_MAX_BYTES = 300 * 1024;

// Zod (through the MCP SDK) ships ~45 message locales and exports them all; the viewer needs English
// only, which saves ~200 KB.
const zodEnglishOnly = {
  name: "zod-english-only",
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (a) =>
      /[\\/]zod[\\/]/.test(a.importer)
        ? { path: "zod-locales", namespace: "zod-en", pluginData: join(a.resolveDir, "../locales") }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "zod-en" }, (a) => ({
      contents: `export { default as en } from "./en.js";`,
      resolveDir: a.pluginData,
    }));
  },
};

export async function buildViewer({ root = process.cwd(), outDir = join(root, "dist") } = {}) {
  const t0 = performance.now();
  const js = await build({
    entryPoints: [join(root, "src/app/viewer/main.ts")],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    legalComments: "none",
    plugins: [zodEnglishOnly],
    logLevel: "warning",
  });
  const css = readFileSync(join(root, "src/app/viewer/viewer.css"), "utf8");
  // Inline script: "</script" inside the code would end the element early.
  const script = js.outputFiles[0].text.replace(/<\/(script)/gi, "<\\/$1");
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>fal media viewer</title><style>${css}</style></head><body><main id="app"><p class="note">Waiting for the result…</p></main><script type="module">${script}</script></body></html>`;
  const bytes = Buffer.byteLength(html);
  if (bytes > VIEWER_MAX_BYTES) throw new Error(`viewer: ${bytes} bytes, over the ${VIEWER_MAX_BYTES}-byte budget`);
  // The server gets the document through the bundle (scripts/build.mjs resolves src/app/viewer-html.js to
  // it, a lazy chunk); this copy is to open in a browser or measure.
  const file = join(outDir, "viewer/viewer.html");
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, html);
  return { html, bytes, ms: Math.round(performance.now() - t0) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await buildViewer();
  console.log(`viewer: ${r.bytes} bytes → dist/viewer/viewer.html in ${r.ms} ms`);
}
