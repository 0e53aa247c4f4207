/**
 * One-time import of fal's specs from the research folder (`../shared/fal-openapi` by default) into
 * `openapi/`. Kept apart from `codegen` (offline, deterministic) and `sync` (live fal) on purpose:
 * each writes specs, only codegen turns them into code.
 *
 * It reads from outside this repository, so it is not part of the pipeline (which only reads `openapi/`):
 * run it by hand when re-importing.
 *
 *   npx tsx scripts/import-fal-specs.ts [--from ../shared/fal-openapi]
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { type CatalogEntry, type PriceEntry, type SpecSource, stableJson } from "../codegen/specs.js";
import { type JsonSchema, wrapModel } from "../codegen/wrap.js";
import { endpointSlug, nameFromId } from "../src/catalog/naming.js";

const from = resolve(argValue("--from") ?? "../shared/fal-openapi");
const out = resolve("openapi");

function argValue(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const readJson = (p: string): unknown => JSON.parse(readFileSync(p, "utf8"));

/** One entry of fal's endpoint schema map (fal-js libs/schemas). */
interface SchemaMapEntry {
  group: string;
  input: JsonSchema;
  output: JsonSchema;
}

/** One entry of the research folder's catalog metadata (every field may be missing). */
interface CatalogMeta {
  display_name?: string;
  category?: string;
  description?: string;
  status?: "active" | "deprecated";
  status_as_of?: string;
  tags?: string[];
  sources?: string[];
  pricing_text?: { text: string; as_of: string };
  pricing?: { unit_price: number; unit: string; currency: string; as_of?: string };
}

/** A fal-served model spec: only its endpoint id is read. */
interface ServedSpec {
  info: { "x-fal-metadata": { endpointId: string } };
}

/** The date of fal's live model list the catalog metadata was taken from (SOURCES.md: gokayfem-models-md, 2026-08-21). */
const CATALOG_AS_OF = "2026-08-21";
const SCHEMA_MAP_SOURCE =
  "fal-ai/fal-js libs/schemas endpoint-schema-map (refs/pull/212/head 3293c7d199300a6f3d4196f226bbf3017ac94d16, 2026-05-12)";
const SERVED_SPECS = [
  "fal-ai__bytedance__seedream__v4__text-to-image.json",
  "fal-ai__playai__tts__v3.json",
  "alibaba__happy-horse__image-to-video.json",
  "alibaba__happy-horse__reference-to-video.json",
];

/** fal's coarse schema group → the category we can honestly claim from it when the catalog has none. */
const GROUP_CATEGORY: Record<string, string> = {
  training: "training",
  vision: "vision",
  llm: "llm",
  json: "json",
  workflow: "workflow",
  "3d": "3d",
};

function deriveCategory(group: string, input: JsonSchema, output: JsonSchema): string {
  if (GROUP_CATEGORY[group]) return GROUP_CATEGORY[group]!;
  const propsOf = (sch: JsonSchema) => Object.keys((sch?.properties as Record<string, unknown> | undefined) ?? {}).join(" ");
  const inProps = propsOf(input);
  const outProps = propsOf(output);
  const kind = (s: string): string | undefined =>
    /video/.test(s) ? "video" : /audio|speech/.test(s) ? "audio" : /image/.test(s) ? "image" : undefined;
  const src = kind(inProps) ?? "text";
  const dst = kind(outProps) ?? (group === "speech" ? "audio" : group);
  return `${src}-to-${dst}`;
}

function main() {
  const schemaMap = (readJson(join(from, "models/endpoint-schemas.json")) as { endpoints: Record<string, SchemaMapEntry> }).endpoints;
  const meta = (readJson(join(from, "models/catalog-metadata.json")) as { endpoints: Record<string, CatalogMeta> }).endpoints;
  rmSync(join(out, "models"), { recursive: true, force: true });
  mkdirSync(join(out, "models"), { recursive: true });
  const sources: Record<string, SpecSource> = {};

  copyFileSync(join(from, "platform-api-v1.openapi.json"), join(out, "platform-api-v1.openapi.json"));
  sources["platform-api-v1.openapi.json"] = {
    origin: "fal-served",
    source: "https://api.fal.ai/v1/openapi.json via tryAGI/Fal@badf52141b0d4c97fd7e6cc29c14d76ad2780c98 (2026-08-21), byte copy",
  };
  for (const f of ["queue.openapi.json", "run.openapi.json", "storage.openapi.json"])
    sources[f] = { origin: "hand-written", source: "written from docs/fal-contract.md §2, §3, §5 (fal publishes no spec we could vendor)" };

  const served = new Set<string>();
  for (const f of SERVED_SPECS) {
    const spec = readJson(join(from, f)) as ServedSpec;
    const id = spec.info["x-fal-metadata"].endpointId;
    served.add(id);
    copyFileSync(join(from, f), join(out, "models", `${endpointSlug(id)}.json`));
    sources[`models/${endpointSlug(id)}.json`] = {
      origin: "fal-served",
      source: `https://fal.ai/api/openapi/queue/openapi.json?endpoint_id=${id} (stored copy, see shared/fal-openapi/SOURCES.md)`,
    };
  }
  const catalog: CatalogEntry[] = [];
  const prices: PriceEntry[] = [];
  const ids = [...new Set([...Object.keys(schemaMap), ...served])].sort();
  for (const id of ids) {
    const m = meta[id];
    const entry = schemaMap[id];
    const derived: string[] = [];
    let category = m?.category;
    if (!category) {
      category = entry ? deriveCategory(entry.group, entry.input, entry.output) : "unknown";
      derived.push("category");
    }
    if (!served.has(id) && entry) {
      const wrapped = wrapModel(id, category, entry.input, entry.output);
      writeFileSync(join(out, "models", `${endpointSlug(id)}.json`), `${JSON.stringify(wrapped, null, 2)}\n`);
      sources[`models/${endpointSlug(id)}.json`] = { origin: "wrapped-from-schema-map", source: SCHEMA_MAP_SOURCE };
    }
    if (!m?.display_name) derived.push("display_name");
    catalog.push({
      endpoint_id: id,
      metadata: {
        display_name: m?.display_name ?? nameFromId(id),
        category,
        description: m?.description?.trim() ?? "",
        status: m?.status ?? "active",
        tags: m?.tags ?? [],
        ...(m?.status_as_of ? { status_as_of: m.status_as_of } : {}),
        ...(entry?.group ? { group: entry.group } : {}),
        ...(m?.pricing_text ? { pricing_text: m.pricing_text.text, pricing_text_as_of: m.pricing_text.as_of } : {}),
        sources: m?.sources ?? [],
        ...(derived.length ? { derived } : {}),
      },
    });
    if (m?.pricing)
      prices.push({
        endpoint_id: id,
        unit_price: m.pricing.unit_price,
        unit: m.pricing.unit,
        currency: m.pricing.currency,
        as_of: m.pricing.as_of ?? null,
      });
  }
  writeFileSync(
    join(out, "catalog.json"),
    stableJson(
      {
        as_of: CATALOG_AS_OF,
        source:
          "shared/fal-openapi/models/catalog-metadata.json (see its SOURCES.md); entries flagged `derived` were computed from the id and schema, not copied",
        models: catalog,
      },
      1,
    ) + "\n",
  );
  sources["catalog.json"] = {
    origin: "fal-catalog-snapshot",
    source: "fal catalog metadata merged from stored copies of fal's /v1/models and fal.ai/api/models outputs",
  };
  writeFileSync(
    join(out, "pricing.json"),
    stableJson({ source: "fal model-page billing objects (videosos-schemas 2025-10-30) and llms.txt pages", prices }, 1) + "\n",
  );
  sources["pricing.json"] = { origin: "fal-catalog-snapshot", source: "fal publicEndpointBilling, as_of per entry" };
  copyFileSync(join(from, "docs/llms.txt"), join(out, "docs-llms.txt"));
  sources["docs-llms.txt"] = { origin: "fal-served", source: "https://fal.ai/docs/llms.txt (stored copy)" };
  writeFileSync(join(out, "sources.json"), stableJson(sources, 1) + "\n");
  console.log(`vendored ${ids.length} model specs (${served.size} served by fal, ${ids.length - served.size} wrapped) into ${out}`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
