import { Project } from "ts-morph";
import { load } from "./codegen/load.js";
import { patchModelSpec } from "./codegen/patch.js";
import { normalizeModel } from "./codegen/normalize.js";
import { emitModel } from "./codegen/emit/model.js";
import { writeFileSync, mkdirSync } from "node:fs";
const l = load("openapi");
const project = new Project({ useInMemoryFileSystem: true });
let t = performance.now(); let bytes=0;
mkdirSync("/tmp/gen", {recursive:true});
for (const m of l.models.slice(0, 100)) {
  const p = patchModelSpec(m.json);
  const ir = normalizeModel(p.spec, p.notes);
  const text = await emitModel(project, `/g/${ir.slug}.ts`, ir, "x");
  bytes += text.length;
  writeFileSync(`/tmp/gen/${ir.slug}.ts`, text);
}
console.log((performance.now()-t).toFixed(0), "ms", bytes);
