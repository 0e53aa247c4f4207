import type { ToolInput } from "../../generated/tools.js";
import { current, priceById, searchModels, understand, type CatalogModel, type CatalogState } from "../catalog/search.js";
import { describePrice } from "../catalog/pricing.js";
import { knownCategoryNames, resolveCategory } from "../catalog/categories.js";
import { fail, ok, type Handler } from "./context.js";
import { memoAnswer } from "./memo.js";

export const searchModelsTool: Handler<ToolInput<"search_models">> = async (args, ctx) => {
  ctx.refreshCatalog();
  const cat = current();
  // The answer depends on these and on the catalog only (prices are the embedded snapshot's).
  return memoAnswer(cat, JSON.stringify([args.query ?? "", args.category ?? "", args.limit ?? 20]), async () => answer(args, cat));
};

async function answer(args: ToolInput<"search_models">, cat: CatalogState) {
  const query = args.query?.trim() ?? "";
  const limit = args.limit ?? 20;
  const asked = args.category?.trim() || undefined;
  let filter: { categories: string[]; words?: string } | undefined;
  let notice = "";
  if (asked) {
    const r = resolveCategory(asked, cat.categories);
    if ("unknown" in r) {
      // Not a refusal: suggest the close names and still answer the query, unfiltered.
      const hint = r.suggestions.length ? ` Did you mean ${r.suggestions.map((s) => `"${s}"`).join(" or ")}?` : "";
      if (!query) return fail(`Unknown category "${asked}". Use one of: ${knownCategoryNames(cat.categories).join(", ")}.${hint}`);
      notice = `Unknown category "${asked}", so results are not filtered.${hint}\n`;
    } else filter = r;
  }
  const inCats = filter ? (m: CatalogModel) => filter!.categories.includes(m.category) : undefined;
  const filterKey = filter ? `category:${filter.categories.join(",")}` : "";
  const words = [query, filter?.words].filter(Boolean).join(" ");
  let rows: CatalogModel[];
  const inferred = query && !filter ? understand(query).category : undefined;
  if (!words) rows = cat.models.filter((m) => !inCats || inCats(m));
  else {
    rows = searchModels(words, inCats, cat, filterKey);
    // A capability-named category with no query ("upscaling"): everything in it, best matches first.
    if (!query && inCats) rows = [...rows, ...cat.models.filter((m) => inCats(m) && !rows.includes(m))];
  }
  const shown = rows.slice(0, limit).map((m) => {
    const p = priceById.get(m.endpoint_id);
    const price = describePrice(p, m);
    return {
      endpoint_id: m.endpoint_id,
      name: m.name,
      category: m.category,
      description: m.description,
      ...(m.status !== "active" ? { status: m.status } : {}),
      ...(m.thumbnail_url ? { thumbnail_url: m.thumbnail_url } : {}),
      ...(price ? { price } : {}),
    };
  });
  const structured = {
    models: shown,
    total_shown: shown.length,
    has_more: rows.length > limit,
    source: cat.source,
    catalog_as_of: cat.asOf,
    ...(inferred ? { inferred_category: inferred } : {}),
    ...(filter && asked ? { category_filter: filter.categories } : {}),
    ...(notice ? { notice: notice.trim() } : {}),
  };
  const more = rows.length > limit;
  const aside = [more ? "more match: raise limit or narrow the query" : "", inferred ? `the query reads as ${inferred}` : ""]
    .filter(Boolean)
    .join("; ");
  const text = shown.length
    ? `${notice}${shown.length} model(s)${more ? ", best first" : ""}${aside ? ` (${aside})` : ""}:\n` +
      shown.map((m) => `- ${m.endpoint_id} — ${m.name} [${m.category}]${m.price ? ` ${m.price}` : ""}`).join("\n") +
      `\nNext: get_model_schema with an endpoint_id. (${cat.source === "live" ? "live catalog" : "embedded snapshot"} as of ${cat.asOf})`
    : `${notice}No models match${query ? ` "${query}"` : ""}${asked ? ` in ${asked}` : ""}. Try fewer words or another category.`;
  return ok(structured, text);
}
