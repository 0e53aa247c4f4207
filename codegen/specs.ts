/** Shapes of the files in `openapi/` and helpers to read them. */
import { createHash } from "node:crypto";

/** Where a vendored file came from; `sources.json` keeps one per file, the manifest adds hashes and outputs. */
export interface SpecSource {
  origin: "fal-served" | "wrapped-from-schema-map" | "hand-written" | "fal-catalog-snapshot" | "fal-live";
  source: string;
  fetched_at?: string;
}

/** One `/v1/models` entry as fal serves it, plus our provenance fields. */
export interface CatalogEntry {
  endpoint_id: string;
  metadata: {
    display_name: string;
    category: string;
    description: string;
    status: "active" | "deprecated" | string;
    tags: string[];
    status_as_of?: string;
    group?: string;
    thumbnail_url?: string;
    pricing_text?: string;
    pricing_text_as_of?: string;
    sources: string[];
    /** Fields we computed (from the id or the schema) because fal's catalog had nothing. */
    derived?: string[];
  };
}

/** One `/v1/models/pricing` price, plus the date the figure was observed. */
export interface PriceEntry {
  endpoint_id: string;
  unit_price: number;
  unit: string;
  currency: string;
  as_of: string | null;
}

/**
 * A node of a vendored OpenAPI document or JSON Schema as the codegen stages walk it. fal's specs are
 * not uniform (the patch stage exists for that), so the stages read keywords of any shape and check
 * what they rely on as they go (normalize throws a SpecError naming the model); a precise type here
 * would only move those checks into casts.
 */
// biome-ignore lint/suspicious/noExplicitAny: see above; each stage validates what it reads
export type SpecNode = any;

/** JSON with keys sorted at every level: the only serializer for files we generate, so diffs stay stable. */
export function stableJson(value: unknown, indent = 2): string {
  return JSON.stringify(sortKeys(value), null, indent);
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === "object")
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  return v;
}

export const sha256 = (s: string | Buffer): string => createHash("sha256").update(s).digest("hex");
