/**
 * The emulator's price list: fal's dated snapshot where it has a figure, and for every other catalog model
 * a plausible figure by category (the real API prices every model it lists), so the live pricing path
 * can be tested for a model the snapshot lacks.
 */
import type { CatalogModel, PriceSnapshot } from "../../generated/catalog.js";

const BY_CATEGORY: [RegExp, number, string][] = [
  [/video$/, 0.1, "seconds"],
  [/3d$/, 0.3, "generations"],
  [/speech$|audio$/, 0.05, "minutes"],
  [/^training$/, 2, "trainings"],
  [/image$/, 0.03, "images"],
];

export function emulatedPrice(m: CatalogModel, snapshot: ReadonlyMap<string, PriceSnapshot>): Omit<PriceSnapshot, "as_of"> {
  const p = snapshot.get(m.endpoint_id);
  if (p) return { endpoint_id: p.endpoint_id, unit_price: p.unit_price, unit: p.unit, currency: p.currency };
  const [, unit_price, unit] = BY_CATEGORY.find(([re]) => re.test(m.category)) ?? [/./, 0.01, "requests"];
  return { endpoint_id: m.endpoint_id, unit_price, unit, currency: "USD" };
}
