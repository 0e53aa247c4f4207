/** Runs the relevance set through the tool handlers in process (shared by the test and the benchmark). */
import { recommendModelTool } from "../../src/tools/recommend_model.js";
import { searchModelsTool } from "../../src/tools/search_models.js";
import type { ToolContext } from "../../src/tools/context.js";
import { RELEVANCE } from "./set.js";

const ctx = { refreshCatalog: () => undefined } as unknown as ToolContext;

export async function rankFor(c: (typeof RELEVANCE)[number]): Promise<string[]> {
  const r: any =
    c.kind === "search"
      ? await searchModelsTool({ query: c.query, limit: 5, ...(c.category ? { category: c.category } : {}) }, ctx)
      : await recommendModelTool({ task: c.query, limit: 5 }, ctx);
  return (c.kind === "search" ? r.structuredContent.models : r.structuredContent.recommendations).map((m: any) => m.endpoint_id);
}

export async function evaluateRelevance() {
  let top1 = 0;
  let top3 = 0;
  const misses: string[] = [];
  for (const c of RELEVANCE) {
    const ids = await rankFor(c);
    if (c.accept.test(ids[0] ?? "")) top1++;
    if (ids.slice(0, 3).some((i) => c.accept.test(i))) top3++;
    else misses.push(`${c.kind} "${c.query}" → ${ids.slice(0, 3).join(", ")}`);
  }
  return { cases: RELEVANCE.length, top1: top1 / RELEVANCE.length, top3: top3 / RELEVANCE.length, misses };
}
