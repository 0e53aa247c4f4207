/**
 * One-time import of fal's specs from the research folder (`../shared/fal-openapi` by default) into
 * `openapi/`. Kept apart from `codegen` (offline, deterministic) and `sync` (live fal) on purpose:
 * each writes specs, only codegen turns them into code.
 *
 *   npx tsx codegen/vendor.ts [--from ../shared/fal-openapi]
 */
import { readFileSync, writeFileSync, mkdirSync, rmSync, copyFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { endpointSlug, schemaStem, nameFromId } from "../src/naming.js";
import { stableJson, type CatalogEntry, type PriceEntry, type SpecSource } from "./specs.js";

const from = resolve(argValue("--from") ?? "../shared/fal-openapi");
const out = resolve("openapi");

function argValue(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const readJson = (p: string): any => JSON.parse(readFileSync(p, "utf8"));

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
  training: "training", vision: "vision", llm: "llm", json: "json", workflow: "workflow", "3d": "3d",
};

function deriveCategory(group: string, input: any, output: any): string {
  if (GROUP_CATEGORY[group]) return GROUP_CATEGORY[group]!;
  const inProps = Object.keys(input?.properties ?? {}).join(" ");
  const outProps = Object.keys(output?.properties ?? {}).join(" ");
  const kind = (s: string): string | undefined =>
    /video/.test(s) ? "video" : /audio|speech/.test(s) ? "audio" : /image/.test(s) ? "image" : undefined;
  const src = kind(inProps) ?? "text";
  const dst = kind(outProps) ?? (group === "speech" ? "audio" : group);
  return `${src}-to-${dst}`;
}

/** Wrap a self-contained input/output JSON Schema pair in fal's per-model queue OpenAPI envelope (§6.2). */
export function wrapModel(endpointId: string, category: string, input: any, output: any): any {
  const stem = schemaStem(endpointId);
  const schemas: Record<string, any> = {};
  // $defs of input and output move to components.schemas; a clash with different content gets a suffix.
  const lift = (side: any, tag: string) => {
    const local = new Map<string, string>();
    for (const [name, def] of Object.entries<any>(side.$defs ?? {})) {
      let target = name;
      if (target === "QueueStatus" || target === `${stem}Input` || target === `${stem}Output`) target = `${name}_${tag}`;
      if (schemas[target] && stableJson(schemas[target]) !== stableJson(def)) target = `${name}_${tag}`;
      local.set(name, target);
      schemas[target] = def;
    }
    return local;
  };
  const retarget = (node: any, local: Map<string, string>): any => {
    if (Array.isArray(node)) return node.map((n) => retarget(n, local));
    if (!node || typeof node !== "object") return node;
    const outNode: any = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === "$defs") continue;
      if (k === "$ref" && typeof v === "string" && v.startsWith("#/$defs/")) {
        const n = v.slice("#/$defs/".length);
        // A ref to a def the schema does not have stays dangling on purpose: codegen's patch stage reports it.
        outNode[k] = `#/components/schemas/${local.get(n) ?? n}`;
      } else outNode[k] = retarget(v, local);
    }
    return outNode;
  };
  const inLocal = lift(input, "in");
  const outLocal = lift(output, "out");
  for (const [, target] of inLocal) schemas[target] = retarget(schemas[target], inLocal);
  for (const [, target] of outLocal) schemas[target] = retarget(schemas[target], outLocal);
  const ref = (n: string) => ({ $ref: `#/components/schemas/${n}` });
  const reqParam = { name: "request_id", in: "path", required: true, schema: { type: "string", description: "Request ID" } };
  const json = (schema: any, description: string) => ({ description, content: { "application/json": { schema } } });
  return {
    openapi: "3.0.4",
    info: {
      title: `Queue OpenAPI for ${endpointId}`,
      version: "1.0.0",
      description: `The OpenAPI schema for the ${endpointId} queue.`,
      "x-fal-metadata": {
        endpointId,
        category,
        playgroundUrl: `https://fal.ai/models/${endpointId}`,
        documentationUrl: `https://fal.ai/models/${endpointId}/api`,
      },
    },
    components: {
      securitySchemes: { apiKeyAuth: { type: "apiKey", in: "header", name: "Authorization", description: "Fal Key" } },
      schemas: {
        QueueStatus: QUEUE_STATUS,
        [`${stem}Input`]: retarget(input, inLocal),
        [`${stem}Output`]: retarget(output, outLocal),
        ...Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b))),
      },
    },
    paths: {
      [`/${endpointId}/requests/{request_id}/status`]: {
        get: {
          parameters: [reqParam, { name: "logs", in: "query", required: false, schema: { type: "number", description: "Whether to include logs (`1`) in the response or not (`0`)." } }],
          responses: { "200": json(ref("QueueStatus"), "The request status.") },
        },
      },
      [`/${endpointId}/requests/{request_id}/cancel`]: {
        put: {
          parameters: [reqParam],
          responses: { "200": json({ type: "object", properties: { success: { type: "boolean", description: "Whether the request was cancelled successfully." } } }, "The request was cancelled.") },
        },
      },
      [`/${endpointId}`]: {
        post: {
          requestBody: { required: true, content: { "application/json": { schema: ref(`${stem}Input`) } } },
          responses: { "200": json(ref("QueueStatus"), "The request status.") },
        },
      },
      [`/${endpointId}/requests/{request_id}`]: {
        get: { parameters: [reqParam], responses: { "200": json(ref(`${stem}Output`), "Result of the request.") } },
      },
    },
    servers: [{ url: "https://queue.fal.run" }],
    security: [{ apiKeyAuth: [] }],
  };
}

const QUEUE_STATUS = {
  type: "object",
  properties: {
    status: { type: "string", enum: ["IN_QUEUE", "IN_PROGRESS", "COMPLETED"] },
    request_id: { type: "string", description: "The request id." },
    response_url: { type: "string", description: "The response url." },
    status_url: { type: "string", description: "The status url." },
    cancel_url: { type: "string", description: "The cancel url." },
    logs: { type: "object", description: "The logs.", additionalProperties: true },
    metrics: { type: "object", description: "The metrics.", additionalProperties: true },
    queue_position: { type: "integer", description: "The queue position." },
  },
  required: ["status", "request_id"],
};

function main() {
  const schemaMap = readJson(join(from, "models/endpoint-schemas.json")).endpoints as Record<string, any>;
  const meta = readJson(join(from, "models/catalog-metadata.json")).endpoints as Record<string, any>;
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
    const spec = readJson(join(from, f));
    const id = spec.info["x-fal-metadata"].endpointId as string;
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
    let category: string = m?.category;
    if (!category) {
      category = entry ? deriveCategory(entry.group, entry.input, entry.output) : "unknown";
      derived.push("category");
    }
    if (!served.has(id)) {
      writeFileSync(join(out, "models", `${endpointSlug(id)}.json`), JSON.stringify(wrapModel(id, category, entry.input, entry.output), null, 2) + "\n");
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
    if (m?.pricing) prices.push({ endpoint_id: id, unit_price: m.pricing.unit_price, unit: m.pricing.unit, currency: m.pricing.currency, as_of: m.pricing.as_of ?? null });
  }
  writeFileSync(join(out, "catalog.json"), stableJson({ source: "shared/fal-openapi/models/catalog-metadata.json (see its SOURCES.md); entries flagged `derived` were computed from the id and schema, not copied", models: catalog }, 1) + "\n");
  sources["catalog.json"] = { origin: "fal-catalog-snapshot", source: "fal catalog metadata merged from stored copies of fal's /v1/models and fal.ai/api/models outputs" };
  writeFileSync(join(out, "pricing.json"), stableJson({ source: "fal model-page billing objects (videosos-schemas 2025-10-30) and llms.txt pages", prices }, 1) + "\n");
  sources["pricing.json"] = { origin: "fal-catalog-snapshot", source: "fal publicEndpointBilling, as_of per entry" };
  copyFileSync(join(from, "docs/llms.txt"), join(out, "docs-llms.txt"));
  sources["docs-llms.txt"] = { origin: "fal-served", source: "https://fal.ai/docs/llms.txt (stored copy)" };
  writeFileSync(join(out, "sources.json"), stableJson(sources, 1) + "\n");
  console.log(`vendored ${ids.length} model specs (${served.size} served by fal, ${ids.length - served.size} wrapped) into ${out}`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
