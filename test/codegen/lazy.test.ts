/** Importing the package and one model's schema evaluates that model only (module loads counted by a hook). */
import { spawnSync } from "node:child_process";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { expect, it } from "vitest";
import { ROOT } from "../helpers/processes.js";

it("loads one generated model module for one model, none at import", () => {
  const dir = mkdtempSync(join(tmpdir(), "fal-mcp-lazy-"));
  const hooks = join(dir, "hooks.mjs");
  writeFileSync(hooks, `export async function load(url, ctx, next) { if (url.includes("/generated/models/")) process.stderr.write("LOADED " + url + "\\n"); return next(url, ctx); }\n`);
  const register = join(dir, "register.mjs");
  writeFileSync(register, `import { register } from "node:module"; register(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  const script = `
    const client = await import(${JSON.stringify(pathToFileURL(join(ROOT, "dist/src/fal/index.js")).href)});
    process.stderr.write("IMPORTED\\n");
    const m = await client.loadModel("fal-ai/flux/dev");
    if (!m.input.safeParse({ prompt: "x" }).success) process.exit(3);
  `;
  const r = spawnSync(process.execPath, ["--import", pathToFileURL(register).href, "--input-type=module", "-e", script], { encoding: "utf8" });
  expect(r.status, r.stderr).toBe(0);
  const [atImport, afterUse] = r.stderr.split("IMPORTED\n");
  const models = (s: string) => (s.match(/^LOADED .*$/gm) ?? []).map((l) => l.split("/generated/models/")[1]);
  expect(models(atImport!)).toEqual(["index.js"]);
  expect(models(afterUse!)).toEqual(["fal-ai__flux__dev.js"]);
});
