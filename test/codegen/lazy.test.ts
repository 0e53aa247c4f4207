/** Importing the package and one model's schema evaluates that model only (module loads counted by a hook). */
import { spawnSync } from "node:child_process";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { expect, it } from "vitest";
import { ROOT } from "../helpers/processes.js";

/** Runs `script` with a loader hook that reports every generated model module loaded. */
function loadedModels(script: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), "fal-mcp-lazy-"));
  const hooks = join(dir, "hooks.mjs");
  writeFileSync(
    hooks,
    `export async function load(url, ctx, next) { if (url.includes("/generated/models/")) process.stderr.write("LOADED " + url + "\\n"); return next(url, ctx); }\n`,
  );
  const register = join(dir, "register.mjs");
  writeFileSync(register, `import { register } from "node:module"; register(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  const r = spawnSync(process.execPath, ["--import", pathToFileURL(register).href, "--input-type=module", "-e", script], {
    encoding: "utf8",
  });
  expect(r.status, r.stderr).toBe(0);
  return (r.stderr.match(/^LOADED .*$/gm) ?? []).map((l) => l.split("/generated/models/")[1]!).sort();
}

const client = JSON.stringify(pathToFileURL(join(ROOT, "dist/src/fal/index.js")).href);

// The build bundles the model index into a shared chunk; each model module stays a file of its own.
it("importing the client loads no model module", () => {
  expect(loadedModels(`await import(${client});`)).toEqual([]);
});

it("using one model loads that model's module only", () => {
  const used = loadedModels(
    `const c = await import(${client}); const m = await c.loadModel("fal-ai/flux/dev"); if (!m.input.safeParse({ prompt: "x" }).success) process.exit(3);`,
  );
  expect(used).toEqual(["fal-ai__flux__dev.js"]);
});
