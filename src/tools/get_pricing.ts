import type { ToolInput } from "../../generated/tools.js";
import { loadModel } from "../models.js";
import { current, priceById } from "../search.js";
import { estimateCost, explainPrice, type Price } from "../pricing.js";
import { FalError, FalAuthError } from "../fal/errors.js";
import { fail, falFailure, ok, type Handler } from "./context.js";
import { unknownEndpoint } from "./get_model_schema.js";

export interface PriceLookup extends Price {
  endpoint_id: string;
  as_of: string | null;
  source: "live" | "snapshot";
}

/** Live prices from fal when a key is at hand and fal answers; the dated snapshot otherwise. */
export async function lookupPrices(ids: string[], ctx: Parameters<Handler<unknown>>[1]): Promise<{ prices: PriceLookup[]; liveError?: string }> {
  let liveError: string | undefined;
  if (ctx.fal) {
    try {
      const live: any = await ctx.fal.pricing(ids, { signal: ctx.signal });
      const got: PriceLookup[] = (live?.prices ?? []).map((p: any) => ({ ...p, as_of: new Date().toISOString().slice(0, 10), source: "live" as const }));
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

export const getPricingTool: Handler<ToolInput<"get_pricing">> = async (args, ctx) => {
  const ids = [...new Set(args.endpoint_id.split(",").map((s) => s.trim()).filter(Boolean))];
  if (!ids.length || ids.length > 50) return fail("Give 1 to 50 endpoint ids, comma-separated.");
  const unknown = ids.filter((id) => !current().byId.has(id));
  if (unknown.length) return fail(unknown.map(unknownEndpoint).join(" "));
  let looked;
  try {
    looked = await lookupPrices(ids, ctx);
  } catch (e) {
    return falFailure(e, "fetching prices");
  }
  const rows = [];
  for (const id of ids) {
    const p = looked.prices.find((x) => x.endpoint_id === id);
    if (!p) {
      rows.push({ endpoint_id: id, explanation: "fal publishes no price for this model in our snapshot; check https://fal.ai/models/" + id });
      continue;
    }
    const row: Record<string, unknown> = { endpoint_id: id, unit_price: p.unit_price, unit: p.unit, currency: p.currency, explanation: explainPrice(p), as_of: p.as_of, source: p.source };
    if (args.input && ids.length === 1) {
      const mod = await loadModel(id);
      const parsed = mod ? mod.input.safeParse(args.input) : { success: false as const };
      const withDefaults = (parsed.success ? parsed.data : args.input) as Record<string, unknown>;
      const est = estimateCost(p, withDefaults);
      if (est.usd !== undefined) Object.assign(row, { estimate_usd: est.usd, estimate_basis: est.basis });
      else row.estimate_note = est.reason;
    }
    const text = current().byId.get(id)?.pricing_text;
    if (text) row.pricing_text = text.replaceAll("**", "");
    rows.push(row);
  }
  const text = rows
    .map((r: any) => `${r.endpoint_id}: ${r.explanation}${r.as_of ? ` (${r.source === "live" ? "live from fal" : `snapshot as of ${r.as_of}`})` : ""}${r.estimate_usd !== undefined ? `; this input ≈ $${r.estimate_usd} (${r.estimate_basis})` : r.estimate_note ? `; no estimate: ${r.estimate_note}` : ""}${r.pricing_text ? `\n  fal says: ${r.pricing_text}` : ""}`)
    .join("\n");
  return ok({ prices: rows }, looked.liveError ? `${text}\n(live pricing failed: ${looked.liveError}; snapshot shown)` : text);
};
