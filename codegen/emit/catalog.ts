/**
 * Emit `generated/catalog.ts` (the model catalog and price snapshot, for search without loading any
 * model module) and `generated/models/index.ts` (the lazy import map and the endpoint → types map).
 */
import type { CatalogEntry, PriceEntry } from "../specs.js";
import type { ModelIR } from "../normalize.js";
import { header } from "./header.js";
import { facetsOf } from "./signals.js";

export interface CatalogModel {
  endpoint_id: string;
  name: string;
  category: string;
  description: string;
  tags: string[];
  status: string;
  group?: string;
  thumbnail_url?: string;
  pricing_text?: string;
  pricing_text_as_of?: string;
  derived?: string[];
  /** Number of schema notes (patched quirks) for this model. */
  notes?: number;
  /** Capability facets read from the model's schema (see signals.ts). */
  facets: string[];
  /** How many of the catalog's sources list the model: a weak popularity prior. */
  listed?: number;
}

export function emitCatalog(
  models: ModelIR[],
  catalog: CatalogEntry[],
  prices: PriceEntry[],
  docsIndex: string,
  hash: string,
  asOf: string,
): string {
  const byId = new Map(catalog.map((c) => [c.endpoint_id, c.metadata]));
  const rows: CatalogModel[] = models.map((ir) => {
    const m = byId.get(ir.endpointId);
    const row: CatalogModel = {
      endpoint_id: ir.endpointId,
      name: m?.display_name ?? ir.endpointId,
      category: m?.category ?? ir.category,
      description: m?.description ?? "",
      tags: m?.tags ?? [],
      status: m?.status ?? "active",
      facets: facetsOf(ir),
    };
    if (m?.sources?.length) row.listed = m.sources.length;
    if (m?.pricing_text_as_of && m.pricing_text_as_of !== "unknown") row.pricing_text_as_of = m.pricing_text_as_of;
    if (m?.group) row.group = m.group;
    const thumb = m?.thumbnail_url ?? ir.thumbnailUrl;
    if (thumb) row.thumbnail_url = thumb;
    if (m?.pricing_text) row.pricing_text = m.pricing_text;
    if (m?.derived?.length) row.derived = m.derived;
    if (ir.notes.length) row.notes = new Set(ir.notes).size;
    return row;
  });
  const known = new Set(models.map((m) => m.endpointId));
  const priceRows = prices.filter((p) => known.has(p.endpoint_id));
  // Data as a JSON string literal: V8 parses JSON faster than the equivalent object literal (cold start).
  const lit = (v: unknown) => `JSON.parse(${JSON.stringify(JSON.stringify(v))})`;
  return (
    header("codegen/emit/catalog.ts", hash) +
    `export interface CatalogModel {\n  endpoint_id: string;\n  name: string;\n  category: string;\n  description: string;\n  tags: string[];\n  status: string;\n  group?: string;\n  thumbnail_url?: string;\n  pricing_text?: string;\n  /** When fal's pricing text was observed (absent when unknown). */\n  pricing_text_as_of?: string;\n  /** Fields computed from the id or schema because fal's catalog had nothing. */\n  derived?: string[];\n  notes?: number;\n  /** Capability facets read from the model's schema: in:image, out:video, has:duration, … */\n  facets: string[];\n  /** How many of the catalog's sources list the model (a weak popularity prior). */\n  listed?: number;\n}\n\n` +
    `export interface PriceSnapshot {\n  endpoint_id: string;\n  unit_price: number;\n  unit: string;\n  currency: string;\n  /** When the figure was observed (null when unknown). */\n  as_of: string | null;\n}\n\n` +
    `/** The date fal listed the catalog below (openapi/catalog.json \`as_of\`): the snapshot's "as of". */\n` +
    `export const catalogAsOf: string = ${JSON.stringify(asOf)};\n\n` +
    `/** fal's model catalog as vendored in openapi/catalog.json (${rows.length} models). */\n` +
    `export const catalog: readonly CatalogModel[] = ${lit(rows)};\n\n` +
    `/** fal's prices as vendored in openapi/pricing.json (${priceRows.length} models), each dated. */\n` +
    `export const prices: readonly PriceSnapshot[] = ${lit(priceRows)};\n\n` +
    `/** fal's documentation index (llms.txt) as vendored in openapi/docs-llms.txt. */\n` +
    `export const docsIndex: string = ${JSON.stringify(docsIndex)};\n`
  );
}

export function emitModelIndex(models: ModelIR[], hash: string): string {
  const loaders = models.map((m) => `  ${JSON.stringify(m.endpointId)}: () => import("./${m.slug}.js"),`).join("\n");
  const typeImports = models.map((m, i) => `import type * as M${i} from "./${m.slug}.js";`).join("\n");
  const typeMap = models.map((m, i) => `  ${JSON.stringify(m.endpointId)}: { input: M${i}.Input; output: M${i}.Output };`).join("\n");
  return (
    header("codegen/emit/catalog.ts", hash) +
    `${typeImports}\n\n` +
    `/** What every model module exports. */\n` +
    `export interface ModelModule {\n  endpointId: string;\n  input: import("zod").ZodType;\n  output: import("zod").ZodType;\n  compact: { input: CompactField[]; output: CompactField[] };\n  /** The portable JSON Schemas published for this model's tool (src/schema/portable.ts). */\n  toolSchemas: { input: Record<string, unknown>; output: Record<string, unknown> };\n  notes: readonly string[];\n}\n\n` +
    `export interface CompactField {\n  name: string;\n  type: string;\n  required?: boolean;\n  default?: unknown;\n  enum?: unknown[];\n  enum_total?: number;\n  min?: number;\n  max?: number;\n  description?: string;\n  fields?: CompactField[];\n}\n\n` +
    `/** Input and output types per endpoint id (type-only: importing this loads no model). */\n` +
    `export interface EndpointTypeMap {\n${typeMap}\n}\n\n` +
    `export type EndpointId = keyof EndpointTypeMap;\n\n` +
    `/** One lazy loader per model: a model's schemas are evaluated only when first used. */\n` +
    `export const modelLoaders: Record<EndpointId, () => Promise<ModelModule>> = {\n${loaders}\n};\n`
  );
}
