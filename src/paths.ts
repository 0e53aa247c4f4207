/** The package root, found from this module's location (works from src/ under tsx and from dist/src). */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let cached: string | undefined;
export function packageRoot(): string {
  if (cached) return cached;
  let d = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pj = join(d, "package.json");
    if (existsSync(pj) && JSON.parse(readFileSync(pj, "utf8")).name === "fal-mcp") {
      cached = d;
      return d;
    }
    const up = dirname(d);
    if (up === d) throw new Error("fal-mcp package root not found");
    d = up;
  }
}
