import type { ToolInput } from "../../generated/tools.js";
import { loadModel } from "../catalog/models.js";
import { current } from "../catalog/search.js";
import { checkInputBounds } from "./bounds.js";
import { estimateCost, explainPrice, isComputePriced, pricingText } from "../catalog/pricing.js";
import { fail, falFailure, ok, type Handler } from "./context.js";
import { lookupPrices, unknownEndpoint } from "./lookups.js";

/** One model's line of get_pricing's answer (structured), from which its sentence is also made. */
interface PriceRow {
  endpoint_id: string;
  explanation: string;
  as_of: string | null;
  source?: "live" | "snapshot" | "fal pricing text";
  unit_price?: number;
  unit?: string;
  currency?: string;
  pricing_text?: string;
  estimate_usd?: number;
  estimate_basis?: string;
  estimate_note?: string;
}

export const getPricingTool: Handler<ToolInput<"get_pricing">> = async (args, ctx) => {
  const ids = [
    ...new Set(
      args.endpoint_id
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  if (!ids.length || ids.length > 50) return fail("Give 1 to 50 endpoint ids, comma-separated.");
  const unknown = ids.filter((id) => !current().byId.has(id));
  if (unknown.length) return fail(unknown.map(unknownEndpoint).join(" "));
  let looked: Awaited<ReturnType<typeof lookupPrices>>;
  try {
    looked = await lookupPrices(ids, ctx);
  } catch (e) {
    return falFailure(e, "fetching prices");
  }
  const rows: PriceRow[] = [];
  for (const id of ids) {
    const p = looked.prices.find((x) => x.endpoint_id === id);
    const model = current().byId.get(id);
    if (!p) {
      // No structured price: fal's own pricing wording, said to be fal's and dated (or not).
      const words = model?.pricing_text ? pricingText(model.pricing_text) : undefined;
      const asOf = model?.pricing_text_as_of ?? null;
      rows.push(
        words
          ? { endpoint_id: id, explanation: `fal's pricing text: "${words}"`, pricing_text: words, as_of: asOf, source: "fal pricing text" }
          : {
              endpoint_id: id,
              explanation: `fal publishes no price for this model in our snapshot; check https://fal.ai/models/${id}`,
              as_of: null,
            },
      );
      continue;
    }
    const row: PriceRow = {
      endpoint_id: id,
      unit_price: p.unit_price,
      unit: p.unit,
      currency: p.currency,
      explanation: explainPrice(p),
      as_of: p.as_of,
      source: p.source,
    };
    if (isComputePriced(p))
      row.explanation = `${explainPrice(p)} (https://fal.ai/models/${id}); fal lists it as ${p.unit} with no fixed unit price`;
    if (args.input && ids.length === 1) {
      const mod = await loadModel(id);
      // The same bounds as run_model's, before any schema work: an estimate must not cost the loop more.
      checkInputBounds(args.input, mod?.input, id);
      const parsed = mod ? mod.input.safeParse(args.input) : { success: false as const };
      const withDefaults = (parsed.success ? parsed.data : args.input) as Record<string, unknown>;
      const est = estimateCost(p, withDefaults);
      if (est.usd !== undefined) Object.assign(row, { estimate_usd: est.usd, estimate_basis: est.basis });
      else row.estimate_note = est.reason;
    }
    if (model?.pricing_text) row.pricing_text = pricingText(model.pricing_text);
    rows.push(row);
  }
  const text = rows
    .map(
      (r) =>
        `${r.endpoint_id}: ${r.explanation}${r.source === "live" ? ` (live from fal, ${r.as_of})` : r.source === "fal pricing text" ? ` (fal's wording, ${r.as_of ? `as of ${r.as_of}` : "date unknown"})` : r.source ? ` (snapshot as of ${r.as_of ?? "an unknown date"})` : ""}${r.estimate_usd !== undefined ? `; this input: about $${r.estimate_usd} (${r.estimate_basis})` : r.estimate_note ? `; no estimate: ${r.estimate_note}` : ""}${r.pricing_text && r.source !== "fal pricing text" ? `\n  fal says: ${r.pricing_text}` : ""}`,
    )
    .join("\n");
  return ok({ prices: rows }, looked.liveError ? `${text}\n(live pricing failed: ${looked.liveError}; snapshot shown)` : text);
};
