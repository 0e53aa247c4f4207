import type { ToolInput } from "../../generated/tools.js";
import { docsSearch } from "../search.js";
import { fail, ok, type Handler } from "./context.js";

export const searchDocsTool: Handler<ToolInput<"search_docs">> = async ({ query }) => {
  if (!query.trim()) return fail("query is empty: say what you are looking for, e.g. \"how to upload a file\".");
  const hits = docsSearch(query).slice(0, 8);
  const results = hits.map((p) => ({ title: p.title, url: p.url, section: p.section, snippet: p.description }));
  const text = results.length
    ? results.map((r) => `- ${r.title} (${r.section}): ${r.url}\n  ${r.snippet}`).join("\n") + "\nEach link serves the page as Markdown."
    : `No documentation page matches "${query}". Try other words, or browse https://fal.ai/docs/llms.txt.`;
  return ok({ results, source: "snapshot: fal docs index (llms.txt)" }, text);
};
