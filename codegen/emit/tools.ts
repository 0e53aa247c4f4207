/**
 * Emit `generated/tools.ts` from `openapi/tools.json`: for each MCP tool its Zod input/output schemas
 * (json-schema-to-zod) for validation, and its JSON Schemas verbatim for `tools/list`, so the server
 * never converts Zod to JSON Schema per request.
 */
import { header } from "./header.js";
import { zodExpression } from "./zod.js";

export function emitTools(doc: { tools: any[] }, hash: string): string {
  const notes: string[] = [];
  const entries = doc.tools.map((t) => {
    const zi = zodExpression(t.inputSchema, new Map(), notes, `${t.name}.inputSchema`);
    const zo = zodExpression(t.outputSchema, new Map(), notes, `${t.name}.outputSchema`);
    return `  ${t.name}: {\n    definition: ${JSON.stringify({ name: t.name, title: t.title, description: t.description, annotations: t.annotations, inputSchema: t.inputSchema, outputSchema: t.outputSchema })},\n    input: ${zi},\n    output: ${zo},\n  },`;
  });
  return (
    header("codegen/emit/tools.ts", hash) +
    `import { z } from "zod";\n\n` +
    `/** The nine tools: MCP definition (as listed), Zod input and output (as validated). */\n` +
    `export const tools = {\n${entries.join("\n")}\n} as const;\n\n` +
    `export type ToolName = keyof typeof tools;\n` +
    `export type ToolInput<T extends ToolName> = z.output<(typeof tools)[T]["input"]>;\n` +
    `export type ToolOutput<T extends ToolName> = z.input<(typeof tools)[T]["output"]>;\n`
  );
}
