import type { ToolInput } from "../../generated/tools.js";
import { current, priceById, searchModels } from "../search.js";
import { explainPrice } from "../pricing.js";
import { fail, ok, type Handler } from "./context.js";
import { inferCategory } from "./intent.js";

export const searchModelsTool: Handler<ToolInput<"search_models">> = async (args, ctx) => {
  ctx.refreshCatalog();
  const cat = current();
  const { categories } = cat;
  const query = args.query?.trim() ?? "";
  const limit = args.limit ?? 20;
  const category = args.category?.trim() || undefined;
  if (category && !categories.includes(category))
    return fail(`Unknown category "${category}". Use one of: ${categories.join(", ")}.`);
  let rows;
  let inferred: string | undefined;
  if (!query) rows = cat.models.filter((m) => !category || m.category === category);
  else {
    rows = searchModels(query, category ? (m) => m.category === category : undefined, cat, category ? `category:${category}` : "");
    // "video from an image" → image-to-video: prefer that category when the query implies one.
    inferred = category ? undefined : inferCategory(query);
    if (inferred) rows = [...rows.filter((m) => m.category === inferred), ...rows.filter((m) => m.category !== inferred)];
  }
  const shown = rows.slice(0, limit).map((m) => {
    const p = priceById.get(m.endpoint_id);
    return {
      endpoint_id: m.endpoint_id, name: m.name, category: m.category, description: m.description,
      ...(m.status !== "active" ? { status: m.status } : {}),
      ...(m.thumbnail_url ? { thumbnail_url: m.thumbnail_url } : {}),
      ...(p ? { price: `${explainPrice(p)} (as of ${p.as_of ?? "unknown date"})` } : {}),
    };
  });
  const structured = { models: shown, total_shown: shown.length, has_more: rows.length > limit, source: cat.source, catalog_as_of: cat.asOf, ...(inferred ? { inferred_category: inferred } : {}) };
  const text = shown.length
    ? `${shown.length} model(s)${rows.length > limit ? ` of ${rows.length}` : ""}${inferred ? ` (preferring ${inferred})` : ""}:\n` +
      shown.map((m) => `- ${m.endpoint_id} — ${m.name} [${m.category}]${m.price ? ` ${m.price}` : ""}`).join("\n") +
      `\nNext: get_model_schema with an endpoint_id. (${cat.source === "live" ? "live catalog" : "embedded snapshot"} as of ${cat.asOf})`
    : `No models match${query ? ` "${query}"` : ""}${category ? ` in ${category}` : ""}. Try fewer words or another category.`;
  return ok(structured, text);
};
