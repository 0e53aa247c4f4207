import type { ToolInput } from "../../generated/tools.js";
import { current, priceById, searchModels, type CatalogModel } from "../search.js";
import { explainPrice } from "../pricing.js";
import { fail, ok, type Handler } from "./context.js";
import { inferCategory, readHints } from "./intent.js";

const STOP = new Set("a an the to of for from with and or in on into by my me i want need make create generate please using use model best fast cheap that this some".split(" "));

export const recommendModelTool: Handler<ToolInput<"recommend_model">> = async (args, ctx) => {
  ctx.refreshCatalog();
  const cat = current();
  const task = args.task.trim();
  if (!task) return fail("task is empty: describe what you want to create, e.g. \"turn a product photo into a 5 s video\".");
  const category = inferCategory(task);
  const hints = readHints(task);
  const words = task.toLowerCase().split(/\W+/).filter((w) => w && !STOP.has(w)).join(" ");
  const pool = category ? cat.models.filter((m) => m.category === category) : cat.models;
  const scored = new Map<string, { m: CatalogModel; score: number; why: string[] }>();
  const ranked = words ? searchModels(words, category ? (m) => m.category === category : undefined, cat, category ? `category:${category}` : "") : [];
  ranked.forEach((m, i) => scored.set(m.endpoint_id, { m, score: 100 - i, why: ["matches the task's words"] }));
  if (scored.size < 10) for (const m of pool.slice(0, 50)) if (!scored.has(m.endpoint_id)) scored.set(m.endpoint_id, { m, score: 10, why: [`a ${m.category} model`] });
  for (const s of scored.values()) {
    const id = s.m.endpoint_id.toLowerCase();
    const p = priceById.get(s.m.endpoint_id);
    if (s.m.status === "deprecated") s.score -= 200;
    if (hints.speed && /turbo|fast|schnell|lightning|flash|lcm|distill|lite/.test(id)) (s.score += 30), s.why.push("built for speed");
    if (hints.cost && p) (s.score += 20 - Math.min(20, p.unit_price * 100)), s.why.push(`low price (${explainPrice(p)})`);
    if (hints.quality && /pro|ultra|max|master|v3|v4|v5/.test(id)) (s.score += 25), s.why.push("a top-quality tier");
    if (hints.resolution === "4k" && /4k|upscal|ultra/.test(`${id} ${s.m.description.toLowerCase()}`)) (s.score += 15), s.why.push("supports high resolution");
    if (/lora|trainer|training/.test(id) && category !== "training") s.score -= 40;
  }
  const top = [...scored.values()].sort((a, b) => b.score - a.score || a.m.endpoint_id.localeCompare(b.m.endpoint_id)).slice(0, args.limit ?? 5);
  const recommendations = top.map(({ m, why }) => {
    const p = priceById.get(m.endpoint_id);
    const key = ["prompt", ...(category?.startsWith("image-to") ? ["image_url"] : []), ...(category?.includes("video") ? ["duration"] : []), ...(category === "text-to-speech" ? ["text"] : [])];
    return { endpoint_id: m.endpoint_id, name: m.name, category: m.category, why: why.join("; "), key_parameters: key, ...(p ? { price: `${explainPrice(p)} (as of ${p.as_of ?? "unknown"})` } : {}) };
  });
  const understood = { ...(category ? { category } : {}), ...hints };
  const text = recommendations.length
    ? `For "${task}"${category ? ` (${category})` : ""}:\n${recommendations.map((r, i) => `${i + 1}. ${r.endpoint_id} — ${r.name}: ${r.why}${r.price ? `; ${r.price}` : ""}`).join("\n")}\nNext: get_model_schema for the one you pick.`
    : `No model fits "${task}". Try search_models with a keyword.`;
  return ok({ task, understood, recommendations, source: cat.source }, text);
};
