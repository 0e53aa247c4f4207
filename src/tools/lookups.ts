/** Catalog lookups more than one tool needs: an unknown id answered with suggestions, prices live or from the snapshot. */
import { suggestEndpoints, priceById } from "../catalog/search.js";
import type { Price } from "../catalog/pricing.js";
import { FalError, FalAuthError } from "../fal/errors.js";
import type { Handler } from "./context.js";

export function unknownEndpoint(id: string): string {
  const s = suggestEndpoints(id);
  return `Unknown endpoint_id "${id}".${s.length ? ` Did you mean: ${s.join(", ")}?` : ""} Use search_models to find one.`;
}

export interface PriceLookup extends Price {
  endpoint_id: string;
  as_of: string | null;
  source: "live" | "snapshot";
}

/** Live prices from fal when a key is at hand and fal answers; the dated snapshot otherwise. */
export async function lookupPrices(
  ids: string[],
  ctx: Parameters<Handler<unknown>>[1],
): Promise<{ prices: PriceLookup[]; liveError?: string }> {
  let liveError: string | undefined;
  if (ctx.fal) {
    try {
      const live = (await ctx.fal.pricing(ids, { signal: ctx.signal })) as { prices?: (Price & { endpoint_id: string })[] } | undefined;
      const got: PriceLookup[] = (live?.prices ?? []).map((p) => ({
        ...p,
        as_of: new Date().toISOString().slice(0, 10),
        source: "live" as const,
      }));
      const missing = ids.filter((id) => !got.some((p) => p.endpoint_id === id));
      return { prices: [...got, ...snapshot(missing)] };
    } catch (e) {
      if (e instanceof FalAuthError) throw e;
      liveError = e instanceof FalError ? e.message : String(e);
    }
  }
  return { prices: snapshot(ids), ...(liveError ? { liveError } : {}) };
}

function snapshot(ids: string[]): PriceLookup[] {
  return ids.flatMap((id) => {
    const p = priceById.get(id);
    return p ? [{ ...p, source: "snapshot" as const }] : [];
  });
}
