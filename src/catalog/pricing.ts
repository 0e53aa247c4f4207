/**
 * Prices in words and cost estimates from fal's unit price and the input *with defaults applied*
 * (fal bills an omitted `duration` at its default).
 */
export interface Price {
  unit_price: number;
  unit: string;
  currency: string;
}

const IMAGE_SIZES: Record<string, [number, number]> = {
  square_hd: [1024, 1024],
  square: [512, 512],
  portrait_4_3: [768, 1024],
  portrait_16_9: [576, 1024],
  landscape_4_3: [1024, 768],
  landscape_16_9: [1024, 576],
};

const money = (n: number, cur = "USD") => (cur === "USD" ? `$${+n.toFixed(6)}` : `${+n.toFixed(6)} ${cur}`);

/** fal lists some models at $0 per compute second: that means "billed by compute time", never "free". */
export const isComputePriced = (p: Price) => p.unit_price === 0;
export const COMPUTE_PRICED = "priced by compute time; fal's page has the rate";

export function explainPrice(p: Price): string {
  // Prices are immutable snapshot or live objects: each is worded once (it showed in every call's profile).
  let said = explained.get(p);
  if (said === undefined) {
    said = wordPrice(p);
    explained.set(p, said);
  }
  return said;
}
const explained = new WeakMap<Price, string>();

function wordPrice(p: Price): string {
  if (isComputePriced(p)) return COMPUTE_PRICED;
  const unit = p.unit.trim();
  const m = /^(\d+(?:\.\d+)?)\s+(.+)$/.exec(unit);
  const per = m ? `per ${m[1]} ${m[2]}` : `per ${singular(unit)}`;
  return `${money(p.unit_price, p.currency)} ${per}`;
}

function singular(u: string): string {
  if (u === "1") return "unit";
  return u.replace(/ies$/, "y").replace(/(?<!s)s$/, "");
}

/** The input fields fal bills on. */
const BILLED = [
  "duration",
  "num_images",
  "num_outputs",
  "image_size",
  "resolution",
  "aspect_ratio",
  "num_frames",
  "fps",
  "video_length",
  "seconds",
];

/**
 * The input fields fal bills on, as the call will actually use them; with `unless`, only those `unless` does
 * not set (the defaults fal fills in). A loop, not entries/filter/map: it runs on every fal-bound call.
 */
export function billingFields(input: Record<string, unknown>, unless?: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of BILLED) if (input[k] !== undefined && unless?.[k] === undefined) out[k] = input[k];
  return out;
}

/** USD estimate, or why none can be made. */
export function estimateCost(
  p: Price,
  input: Record<string, unknown>,
): { usd: number; basis: string } | { usd?: undefined; reason: string } {
  const unit = p.unit.toLowerCase().trim();
  const count = Number(input.num_images ?? input.num_outputs ?? 1) || 1;
  const duration = Number(input.duration ?? input.seconds ?? input.video_length);
  if (isComputePriced(p))
    return { reason: `fal bills this model by compute time (its page has the rate), so no estimate can be made from the input` };
  const per = (qty: number, basis: string) => ({ usd: Math.round(p.unit_price * qty * 1e6) / 1e6, basis });
  if (["images", "image", "generations", "videos", "video", "requests", "audios", "outputs"].includes(unit))
    return per(count, `${count} x ${explainPrice(p)}`);
  if (unit === "megapixels" || unit === "processed megapixels") {
    const size = input.image_size;
    const custom = size && typeof size === "object" ? (size as { width?: unknown; height?: unknown }) : undefined;
    const wh = typeof size === "string" ? IMAGE_SIZES[size] : custom ? [Number(custom.width), Number(custom.height)] : undefined;
    if (!wh?.every((x) => x > 0)) return { reason: "the image size is not known for this input" };
    const mp = Math.ceil(((wh[0]! * wh[1]!) / 1e6) * 100) / 100;
    return per(mp * count, `${count} image${count === 1 ? "" : "s"} x ${mp} MP x ${explainPrice(p)}`);
  }
  const sec = /^(\d+)?\s*seconds?$/.exec(unit);
  if (sec && !unit.includes("compute")) {
    if (!Number.isFinite(duration) || duration <= 0) return { reason: "the input has no duration to bill" };
    const block = Number(sec[1] ?? 1);
    return per(Math.ceil(duration / block), `${duration} s billed ${explainPrice(p)}`);
  }
  if (unit === "minutes" && Number.isFinite(duration) && duration > 0) return per(duration / 60, `${duration} s at ${explainPrice(p)}`);
  if (unit === "1000 characters") {
    const text = String(input.text ?? input.prompt ?? input.input ?? "");
    return per(Math.max(1, Math.ceil(text.length / 1000)), `${text.length} characters at ${explainPrice(p)}`);
  }
  return { reason: `fal bills this model ${explainPrice(p)}, which depends on run time or usage the input does not fix` };
}

/** fal's free-text pricing, one line, markdown stripped. */
export const pricingText = (t: string) => t.replaceAll("**", "").replace(/\s+/g, " ").trim();

/**
 * One line on what a model costs, always with its unit and as-of date: the structured snapshot price when
 * there is one, else fal's own pricing wording (said to be fal's, with its date or "date unknown").
 */
export function describePrice(
  p: (Price & { as_of: string | null }) | undefined,
  m?: { pricing_text?: string; pricing_text_as_of?: string },
): string | undefined {
  if (p) return `${explainPrice(p)} (as of ${p.as_of ?? "an unknown date"})`;
  if (m?.pricing_text)
    return `fal's pricing text: "${pricingText(m.pricing_text)}" (${m.pricing_text_as_of ? `as of ${m.pricing_text_as_of}` : "date unknown"})`;
  return undefined;
}
