/** Scores the task set through the tool handlers in process (shared by the relevance test and the benchmark). */
import { recommendModelTool } from "../../src/tools/recommend_model.js";
import { searchModelsTool } from "../../src/tools/search_models.js";
import type { ToolContext } from "../../src/tools/context.js";
import { HELD_OUT, TUNING } from "./split.js";
import type { Task } from "./tasks.js";

const ctx = { refreshCatalog: () => undefined } as unknown as ToolContext;
export type Tool = "recommend" | "search";

export async function rankFor(tool: Tool, t: Task): Promise<string[]> {
  const r =
    tool === "search"
      ? await searchModelsTool({ query: t.query, limit: 5 }, ctx)
      : await recommendModelTool({ task: t.query, limit: 5 }, ctx);
  const s = r.structuredContent as { models?: { endpoint_id: string }[]; recommendations?: { endpoint_id: string }[] };
  return (tool === "search" ? s.models : s.recommendations)!.map((m) => m.endpoint_id);
}

export interface Score {
  tasks: number;
  top1: number;
  top3: number;
  /** Only filled for the tuning part: the held-out part's failures are never shown. */
  misses: string[];
}

export async function score(tool: Tool, tasks: readonly Task[], showMisses: boolean): Promise<Score> {
  let top1 = 0;
  let top3 = 0;
  const misses: string[] = [];
  for (const t of tasks) {
    const ids = await rankFor(tool, t);
    if (t.accept.test(ids[0] ?? "")) top1++;
    if (ids.slice(0, 3).some((i) => t.accept.test(i))) top3++;
    else if (showMisses) misses.push(`${tool} "${t.query}" → ${ids.slice(0, 3).join(", ")}`);
  }
  return { tasks: tasks.length, top1: top1 / tasks.length, top3: top3 / tasks.length, misses };
}

/** Top-1/top-3 of both tools on both parts. */
export async function evaluateRelevance() {
  return {
    tuning: { recommend: await score("recommend", TUNING, true), search: await score("search", TUNING, true) },
    heldOut: { recommend: await score("recommend", HELD_OUT, false), search: await score("search", HELD_OUT, false) },
  };
}

export const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
