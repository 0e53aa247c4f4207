/**
 * House rules a reviewer would otherwise check by hand: small modules (no file in src/ over 300 lines).
 * Import cycles are refused by Biome's noImportCycles rule in `npm run lint`, which `npm test` runs first.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

it("no source file in src/ runs over 300 lines", () => {
  const long = sources("src")
    .map((f) => ({ f, lines: readFileSync(f, "utf8").split("\n").length - 1 }))
    .filter((x) => x.lines > 300);
  expect(long).toEqual([]);
});
