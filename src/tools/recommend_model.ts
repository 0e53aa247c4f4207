import type { ToolInput } from "../../generated/tools.js";
import type { CompactField } from "../../generated/models/index.js";
import { current, explainMatch, priceById, rankModels, understand, type Ranked } from "../catalog/search.js";
import { describePrice, explainPrice, isComputePriced } from "../catalog/pricing.js";
import { loadModel } from "../catalog/models.js";
import { fail, ok, type Handler } from "./context.js";
import { readHints, type Hints } from "./intent.js";
import { lookupPrices } from "./lookups.js";
import { conceptWord } from "../catalog/concepts.js";

/** Fields that decide most runs, in the order a caller thinks about them (after the required ones). */
const IMPORTANT = [
  "prompt",
  "text",
  "image_url",
  "image_urls",
  "video_url",
  "audio_url",
  "duration",
  "resolution",
  "aspect_ratio",
  "image_size",
  "num_images",
  "voice",
  "generate_audio",
  "negative_prompt",
  "seed",
];

export function keyParameters(fields: readonly CompactField[], n = 5): string[] {
  const required = fields.filter((f) => f.required).map((f) => f.name);
  const rest = IMPORTANT.filter((k) => fields.some((f) => f.name === k) && !required.includes(k));
  return [...required, ...rest].slice(0, Math.max(n, required.length));
}

const quote = (v: unknown) => JSON.stringify(v);
const list = (vs: unknown[]) =>
  vs.length <= 2 ? vs.map(quote).join(" or ") : `${vs.slice(0, -1).map(quote).join(", ")} or ${quote(vs.at(-1))}`;

/** One practical tip read from the schema: the field most likely to be sent wrong. */
export function tipFor(fields: readonly CompactField[]): string | undefined {
  const req = fields.filter((f) => f.required);
  const stringEnum = fields.find(
    (f) =>
      ["duration", "resolution", "aspect_ratio", "num_frames"].includes(f.name) &&
      f.enum?.length &&
      f.enum.every((v) => typeof v === "string"),
  );
  if (stringEnum)
    return `${stringEnum.name} is a string enum: ${list(stringEnum.enum!.slice(0, 6))}${stringEnum.enum!.length > 6 ? ", …" : ""}${stringEnum.default !== undefined ? ` (default ${quote(stringEnum.default)})` : ""}.`;
  const media = req.find((f) => /_urls?$/.test(f.name));
  if (media) return `${media.name} must be a URL fal can fetch: upload a local file with upload_file first.`;
  const bounded = fields.find((f) => ["num_images", "duration", "num_inference_steps"].includes(f.name) && f.max !== undefined);
  if (bounded)
    return `${bounded.name} goes up to ${bounded.max}${bounded.default !== undefined ? ` (default ${quote(bounded.default)})` : ""}.`;
  const sized = fields.find((f) => f.name === "image_size" && f.default !== undefined);
  if (sized) return `image_size defaults to ${quote(sized.default)}; pass {"width":…,"height":…} for a custom size.`;
  return req.length
    ? `Only ${req.map((f) => f.name).join(", ")} ${req.length === 1 ? "is" : "are"} required; the rest have defaults.`
    : undefined;
}

const SPEEDY = /turbo|fast|schnell|lightning|flash|lcm|distill|lite|realtime|instant/;
const PREMIUM = /\b(pro|ultra|max|master|hd|premium)\b|\/(pro|ultra|max|master|hd)(\/|$)/;

function adjust(r: Ranked, hints: Hints): { score: number; why: string[] } {
  let score = r.score;
  const why: string[] = [];
  const id = r.m.endpoint_id.toLowerCase();
  const p = priceById.get(r.m.endpoint_id);
  const boost = (by: number, reason: string) => {
    score += by;
    why.push(reason);
  };
  const speedy = hints.speed ? SPEEDY.exec(id) : null;
  if (speedy) boost(0.15, `a speed-tuned variant ("${speedy[0]}" in its id)`);
  if (hints.cost && p && !isComputePriced(p) && p.unit_price <= 0.05) boost(0.15 * (1 - p.unit_price / 0.05), "low unit price");
  if (hints.quality && PREMIUM.test(id)) boost(0.1, "fal's top-quality tier of its family");
  if (hints.resolution === "4k" && /4k|2160|upscal|ultra/.test(`${id} ${r.m.description.toLowerCase()}`)) boost(0.1, "supports 4K");
  return { score, why };
}

function reasonOf(r: Ranked, extra: string[]): string {
  const parts: string[] = [];
  const label: Record<string, string> = { name: "name", endpoint_id: "id", tags: "tags", category: "category", description: "description" };
  const byField = new Map<string, string[]>();
  for (const [w, fields] of Object.entries(explainMatch(r).where)) {
    const f = fields.map((x) => label[x] ?? x).join("/");
    byField.set(f, [...(byField.get(f) ?? []), `"${w}"`]);
  }
  if (byField.size) parts.push(`matches ${[...byField].map(([f, ws]) => `${ws.join(", ")} in its ${f}`).join("; ")}`);
  if (r.concepts.length) parts.push(`fal lists it for ${[...new Set(r.concepts.map(conceptWord))].slice(0, 3).join(", ")}`);
  if (r.facets.length) parts.push(`its schema ${r.facets.join(" and ")}`);
  parts.push(...extra);
  if (!parts.length) parts.push(`a ${r.m.category} model`);
  return `${parts.join("; ")} (${r.m.category})`;
}

export const recommendModelTool: Handler<ToolInput<"recommend_model">> = async (args, ctx) => {
  ctx.refreshCatalog();
  const cat = current();
  const task = args.task.trim();
  if (!task) return fail('task is empty: describe what you want to create, e.g. "turn a product photo into a 5 s video".');
  const want = understand(task);
  const hints = readHints(task);
  const ranked = rankModels(task, undefined, cat, "")
    .slice(0, 60)
    .map((r) => ({ r, ...adjust(r, hints) }));
  // Deprecated models stay last whatever the hints add.
  const live = (x: { r: Ranked }) => (x.r.m.status === "deprecated" ? 1 : 0);
  const top = ranked
    .sort((a, b) => live(a) - live(b) || b.score - a.score || a.r.m.endpoint_id.localeCompare(b.r.m.endpoint_id))
    .slice(0, args.limit ?? 5);
  // The same prices get_pricing would give: live from fal with a key, the dated snapshot without one.
  // A key fal refuses costs the advice nothing: the snapshot answers instead.
  const ids = top.map((t) => t.r.m.endpoint_id);
  const looked = await lookupPrices(ids, ctx).catch(() => lookupPrices(ids, { ...ctx, fal: undefined }));
  const recommendations = await Promise.all(
    top.map(async ({ r, why }) => {
      const m = r.m;
      const mod = await loadModel(m.endpoint_id);
      const fields = mod?.compact.input ?? [];
      const p = looked.prices.find((x) => x.endpoint_id === m.endpoint_id);
      const price = p?.source === "live" ? `${explainPrice(p)} (live from fal, ${p.as_of})` : describePrice(p, m);
      const tip = tipFor(fields);
      return {
        endpoint_id: m.endpoint_id,
        name: m.name,
        category: m.category,
        why: reasonOf(r, why),
        key_parameters: keyParameters(fields),
        ...(tip ? { tip } : {}),
        price: price ?? `no published price; see https://fal.ai/models/${m.endpoint_id}`,
        ...(m.status !== "active" ? { status: m.status } : {}),
      };
    }),
  );
  const understood = {
    ...(want.category ? { category: want.category } : {}),
    ...(want.in ? { input: want.in } : {}),
    ...(want.out ? { output: want.out } : {}),
    ...hints,
  };
  const text = recommendations.length
    ? `For "${task}"${want.category ? ` (reads as ${want.category})` : ""}:\n` +
      recommendations
        .map(
          (r, i) =>
            `${i + 1}. ${r.endpoint_id} — ${r.name}: ${r.why}.\n   Price: ${r.price}. Key parameters: ${r.key_parameters.join(", ") || "none"}.${r.tip ? ` Tip: ${r.tip}` : ""}`,
        )
        .join("\n") +
      `\nNext: get_model_schema for the one you pick, or run it directly with the key parameters.`
    : `No model fits "${task}". Try search_models with a keyword.`;
  return ok({ task, understood, recommendations, source: cat.source }, text);
};
