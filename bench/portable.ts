/**
 * Portable schemas (issue #17) in tokens (gpt-tokenizer, o200k): the nine tools' tools/list, and the
 * per-model tools of `--tools category:text-to-image` as published now against the Zod-exported JSON
 * Schemas published before. In process, from the generated modules: no server needed.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { encode } from "gpt-tokenizer";
import { z } from "zod";
import { toolDefinitions } from "../generated/tool-definitions.js";
import { catalog } from "../generated/catalog.js";
import { loadModel } from "../src/catalog/models.js";

export async function portableRows(root: string): Promise<[string, string, string][]> {
  const rows: [string, string, string][] = [];
  const raw = JSON.parse(readFileSync(join(root, "openapi/tools.json"), "utf8")).tools.map((t: Record<string, unknown>) => ({
    name: t.name,
    title: t.title,
    description: t.description,
    annotations: t.annotations,
    inputSchema: t.inputSchema,
    outputSchema: t.outputSchema,
  }));
  const nine = encode(JSON.stringify({ tools: Object.values(toolDefinitions) })).length;
  rows.push([
    "nine tools, portable (defaults/limits in words)",
    `${nine} tokens (tools.json as written: ${encode(JSON.stringify({ tools: raw })).length})`,
    `≤ 2500: ${nine <= 2500 ? "met" : "MISSED"}`,
  ]);
  const ids = catalog.filter((m) => m.category === "text-to-image").map((m) => m.endpoint_id);
  let now = 0;
  let before = 0;
  for (const id of ids) {
    const m = await loadModel(id);
    if (!m) continue;
    now += encode(JSON.stringify(m.toolSchemas)).length;
    const j = (s: z.ZodType, io: "input" | "output") => {
      try {
        return z.toJSONSchema(s, { io, unrepresentable: "any" });
      } catch {
        return { type: "object" };
      }
    };
    before += encode(JSON.stringify({ input: j(m.input, "input"), output: j(m.output, "output") })).length;
  }
  rows.push([
    `category:text-to-image, ${ids.length} per-model tools (schemas only)`,
    `${now} tokens portable vs ${before} Zod-exported before`,
    "",
  ]);
  return rows;
}
