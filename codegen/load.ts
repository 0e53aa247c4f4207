/** Stage 1, load: read every vendored file under `openapi/` (no network, no generated state). */
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import type { CatalogEntry, PriceEntry, SpecSource } from "./specs.js";

export interface LoadedFile<T = unknown> {
  /** Path relative to `openapi/`, e.g. `models/fal-ai__flux__dev.json`. */
  file: string;
  text: string;
  json: T | undefined;
  /** Why the file could not be parsed, when it could not. */
  error?: string;
}

export interface Loaded {
  root: string;
  services: LoadedFile[];
  models: LoadedFile[];
  catalog: CatalogEntry[];
  /** The date of fal's list the catalog was taken from (catalog.json `as_of`): what "snapshot as of" says. */
  catalogAsOf: string;
  prices: PriceEntry[];
  docsIndex: string;
  sources: Record<string, SpecSource>;
}

/** The three fal hosts we type besides the per-model specs, each with its own openapi-fetch client. */
export const SERVICE_SPECS = {
  platform: "platform-api-v1.openapi.json",
  queue: "queue.openapi.json",
  run: "run.openapi.json",
  storage: "storage.openapi.json",
} as const;

function loadFile(root: string, file: string): LoadedFile {
  const text = readFileSync(join(root, file), "utf8");
  try {
    return { file, text, json: JSON.parse(text) };
  } catch (e) {
    return { file, text, json: undefined, error: `not valid JSON: ${(e as Error).message}` };
  }
}

export function load(root: string): Loaded {
  const readJson = (f: string) => JSON.parse(readFileSync(join(root, f), "utf8"));
  const models = readdirSync(join(root, "models"))
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => loadFile(root, `models/${f}`));
  return {
    root,
    services: Object.values(SERVICE_SPECS).map((f) => loadFile(root, f)),
    models,
    catalog: readJson("catalog.json").models,
    catalogAsOf: catalogDate(readJson("catalog.json").as_of),
    prices: readJson("pricing.json").prices,
    docsIndex: existsSync(join(root, "docs-llms.txt")) ? readFileSync(join(root, "docs-llms.txt"), "utf8") : "",
    sources: readJson("sources.json"),
  };
}

/** catalog.json must say when fal listed it: every "snapshot as of" answer is read from here. */
function catalogDate(v: unknown): string {
  if (typeof v !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(v))
    throw new Error(`openapi/catalog.json: "as_of" must be the date fal's list was taken (YYYY-MM-DD), got ${JSON.stringify(v)}`);
  return v;
}
