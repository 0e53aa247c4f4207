/** The gate: every requirement of the nine tools' contract is verified by at least one e2e test. */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { REQUIREMENTS } from "./requirements.js";

it("every requirement id has a test, and every cited id exists", () => {
  const dir = new URL(".", import.meta.url).pathname;
  const cited = new Set<string>();
  for (const f of readdirSync(dir).filter((f) => f.endsWith(".test.ts")))
    for (const m of readFileSync(join(dir, f), "utf8").matchAll(/covers\(([^)]*)\)/g))
      for (const id of m[1]!.matchAll(/"([^"]+)"/g)) cited.add(id[1]!);
  const missing = Object.keys(REQUIREMENTS).filter((id) => !cited.has(id));
  expect(missing, `requirements without a test: ${missing.join(", ")}`).toEqual([]);
  const unknown = [...cited].filter((id) => !(id in REQUIREMENTS));
  expect(unknown).toEqual([]);
});
