/**
 * Emit `generated/tools.ts` from `openapi/tools.json`: for each MCP tool its Zod input/output schemas
 * (json-schema-to-zod) for validation, and its JSON Schemas verbatim for `tools/list`, so the server
 * never converts Zod to JSON Schema per request.
 */
import { header } from "./header.js";
import { zodExpression } from "./zod.js";
import { portable } from "../../src/schema/portable.js";
import type { SpecNode } from "../specs.js";

/**
 * `generated/tool-definitions.ts`: the definitions alone (schemas in portable form, src/schema/portable.ts;
 * the Zod in generated/tools.ts still validates against tools.json as written), no Zod, so the server can list its tools
 * before (and without) loading any validator: a cold start answers tools/list sooner.
 */
export function emitToolDefinitions(doc: { tools: SpecNode[] }, hash: string): string {
  const needsKey = Object.fromEntries(
    doc.tools.map((t) => {
      if (typeof t.needsFalKey !== "boolean") throw new Error(`openapi/tools.json: tool ${t.name} must say needsFalKey: true or false`);
      return [t.name, t.needsFalKey];
    }),
  );
  const defs = Object.fromEntries(
    doc.tools.map((t) => [
      t.name,
      {
        name: t.name,
        title: t.title,
        description: t.description,
        annotations: t.annotations,
        inputSchema: portable(t.inputSchema, "input", { lengthHints: false }),
        outputSchema: portable(t.outputSchema, "output"),
      },
    ]),
  );
  return (
    header("codegen/emit/tools.ts", hash) +
    `export type ToolName = ${doc.tools.map((t) => JSON.stringify(t.name)).join(" | ")};\n\n` +
    `/** The MCP definitions of the nine tools, as listed by tools/list. */\n` +
    `export const toolDefinitions: Record<ToolName, { name: string; title: string; description: string; annotations: Record<string, boolean>; inputSchema: Record<string, unknown>; outputSchema: Record<string, unknown> }> = JSON.parse(${JSON.stringify(JSON.stringify(defs))});\n\n` +
    `/** Whether a tool calls fal with the caller's key (false: it answers from the embedded snapshot, key or not). */\n` +
    `export const toolNeedsFalKey: Record<ToolName, boolean> = ${JSON.stringify(needsKey)};\n`
  );
}

export function emitTools(doc: { tools: SpecNode[] }, hash: string): string {
  const notes: string[] = [];
  const entries = doc.tools.map((t) => {
    const zi = zodExpression(t.inputSchema, new Map(), notes, `${t.name}.inputSchema`);
    const zo = zodExpression(t.outputSchema, new Map(), notes, `${t.name}.outputSchema`);
    return `  ${t.name}: {\n    definition: toolDefinitions.${t.name},\n    input: ${zi},\n    output: ${zo},\n  },`;
  });
  return (
    header("codegen/emit/tools.ts", hash) +
    `import { z } from "zod";\nimport { toolDefinitions } from "./tool-definitions.js";\n\n` +
    `/** The nine tools: MCP definition (as listed), Zod input and output (as validated). */\n` +
    `export const tools = {\n${entries.join("\n")}\n} as const;\n\n` +
    `export type { ToolName } from "./tool-definitions.js";\nexport type ToolInputs = typeof tools;\n` +
    `export type ToolInput<T extends keyof typeof tools> = z.output<(typeof tools)[T]["input"]>;\n` +
    `export type ToolOutput<T extends keyof typeof tools> = z.input<(typeof tools)[T]["output"]>;\n`
  );
}
