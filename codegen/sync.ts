/**
 * `npm run sync`: download fresh specs from fal's live Platform API into `openapi/` (the network step;
 * `npm run codegen` is the offline, deterministic one). Pages through
 * `GET /v1/models?status=active&expand=openapi-3.0`, writes each model's OpenAPI, refreshes the catalog
 * metadata, and (with FAL_KEY) the prices. Models fal no longer lists are kept and reported, never
 * silently dropped. FAL_API_URL points it at any fal-shaped server (the emulator in tests).
 *
 *   FAL_KEY=... npm run sync [-- --dir openapi] [-- --limit 50] [-- --max-pages N]
 */
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { createFalClient, urlsFromEnv } from "../src/fal/client.js";
import { endpointSlug } from "../src/catalog/naming.js";
import type { RetryPolicy } from "../src/fal/retry.js";
import { stableJson, type CatalogEntry, type PriceEntry, type SpecSource } from "./specs.js";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

export async function sync(
  dir: string,
  opts: { limit?: number; maxPages?: number; env?: Record<string, string | undefined>; retry?: RetryPolicy } = {},
) {
  const env = opts.env ?? process.env;
  const urls = urlsFromEnv(env);
  const fal = createFalClient({
    ...(env.FAL_KEY ? { key: env.FAL_KEY } : {}),
    urls,
    timeoutMs: 60_000,
    retry: opts.retry ?? { retries: 5, baseMs: 2000, maxMs: 10_000 },
  });
  const sources: Record<string, SpecSource> = JSON.parse(readFileSync(join(dir, "sources.json"), "utf8"));
  const catalogDoc = JSON.parse(readFileSync(join(dir, "catalog.json"), "utf8"));
  const catalog = new Map<string, CatalogEntry>(catalogDoc.models.map((m: CatalogEntry) => [m.endpoint_id, m]));
  const today = new Date().toISOString().slice(0, 10);
  const seen = new Set<string>();
  let cursor: string | undefined;
  let pages = 0;
  let written = 0;
  const failed: string[] = [];
  do {
    const page = await fal.searchModels({
      status: "active",
      expand: ["openapi-3.0"],
      limit: opts.limit ?? 50,
      ...(cursor ? { cursor } : {}),
    });
    pages++;
    for (const m of page.models ?? []) {
      const id: string = m.endpoint_id;
      seen.add(id);
      // fal answers `openapi: {error: {code, message}}` for a model it could not expand.
      const expansion = m.openapi as { error?: { message?: string } } | undefined;
      if (!expansion || expansion.error) {
        failed.push(`${id}: ${expansion?.error?.message ?? "no openapi in the answer"}`);
        continue;
      }
      const file = `models/${endpointSlug(id)}.json`;
      const text = JSON.stringify(m.openapi, null, 2) + "\n";
      const path = join(dir, file);
      if (!existsSync(path) || readFileSync(path, "utf8") !== text) {
        writeFileSync(path, text);
        written++;
      }
      sources[file] = { origin: "fal-live", source: `${urls.api}/models?endpoint_id=${id}&expand=openapi-3.0`, fetched_at: today };
      const md = m.metadata;
      if (md) {
        const prev = catalog.get(id)?.metadata;
        catalog.set(id, {
          endpoint_id: id,
          metadata: {
            display_name: md.display_name,
            category: md.category,
            description: md.description ?? "",
            status: md.status ?? "active",
            tags: md.tags ?? [],
            status_as_of: today,
            ...(prev?.group ? { group: prev.group } : {}),
            ...(md.thumbnail_url ? { thumbnail_url: md.thumbnail_url } : {}),
            ...(prev?.pricing_text ? { pricing_text: prev.pricing_text, pricing_text_as_of: prev.pricing_text_as_of! } : {}),
            sources: ["fal-live"],
          },
        });
      }
    }
    cursor = page.has_more ? (page.next_cursor ?? undefined) : undefined;
  } while (cursor && (opts.maxPages === undefined || pages < opts.maxPages));

  let priced = 0;
  if (env.FAL_KEY) {
    const pricingDoc = JSON.parse(readFileSync(join(dir, "pricing.json"), "utf8"));
    const prices = new Map<string, PriceEntry>(pricingDoc.prices.map((p: PriceEntry) => [p.endpoint_id, p]));
    const ids = [...seen];
    for (let i = 0; i < ids.length; i += 50) {
      const got = await fal.pricing(ids.slice(i, i + 50)).catch(() => ({ prices: [] }));
      for (const p of got.prices ?? []) {
        prices.set(p.endpoint_id, {
          endpoint_id: p.endpoint_id,
          unit_price: p.unit_price,
          unit: p.unit,
          currency: p.currency,
          as_of: today,
        });
        priced++;
      }
    }
    writeFileSync(
      join(dir, "pricing.json"),
      stableJson({ ...pricingDoc, prices: [...prices.values()].sort((a, b) => a.endpoint_id.localeCompare(b.endpoint_id)) }, 1) + "\n",
    );
  }
  catalogDoc.models = [...catalog.values()].sort((a, b) => a.endpoint_id.localeCompare(b.endpoint_id));
  // The catalog is now fal's list of today: every "snapshot as of" answer says so.
  catalogDoc.as_of = today;
  writeFileSync(join(dir, "catalog.json"), stableJson(catalogDoc, 1) + "\n");
  writeFileSync(join(dir, "sources.json"), stableJson(sources, 1) + "\n");
  const notListed = [...catalog.keys()].filter((id) => !seen.has(id));
  return { pages, listed: seen.size, written, priced, failed, notListed };
}

if (process.argv[1]?.endsWith("sync.ts")) {
  const dir = resolve(arg("dir") ?? "openapi");
  const limit = arg("limit") ? Number(arg("limit")) : undefined;
  const maxPages = arg("max-pages") ? Number(arg("max-pages")) : undefined;
  try {
    const r = await sync(dir, { ...(limit ? { limit } : {}), ...(maxPages ? { maxPages } : {}) });
    console.log(`sync: ${r.listed} models in ${r.pages} pages, ${r.written} spec file(s) changed, ${r.priced} price(s) refreshed`);
    if (r.failed.length)
      console.log(
        `sync: ${r.failed.length} model(s) without a usable OpenAPI (kept as vendored):\n  ${r.failed.slice(0, 20).join("\n  ")}`,
      );
    if (r.notListed.length)
      console.log(`sync: ${r.notListed.length} vendored model(s) not in fal's active list, kept (retired or deprecated?)`);
    console.log("next: npm run codegen && npm test");
  } catch (e) {
    console.error(`sync failed: ${(e as Error).message}`);
    process.exit(1);
  }
}
