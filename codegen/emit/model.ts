/**
 * Emit one model module: `generated/models/<slug>.ts` with the OpenAPI types (openapi-typescript), the
 * Zod input/output schemas (json-schema-to-zod) and the compact schema, assembled as a ts-morph file.
 */
import openapiTS, { astToString } from "openapi-typescript";
import { type Project, StructureKind, VariableDeclarationKind, type StatementStructures } from "ts-morph";
import type { ModelIR } from "../normalize.js";
import { zodExpression } from "./zod.js";
import { compactFields } from "../../src/schema/compact.js";
import { modelToolSchemas } from "../../src/schema/model-tool-schemas.js";
import { header } from "./header.js";
import type { SpecNode } from "../specs.js";

export async function openapiTypes(ir: ModelIR): Promise<string> {
  const schemas = Object.fromEntries(ir.defs.map((d) => [d.name, d.schema]));
  const ast = await openapiTS(
    { openapi: "3.0.4", info: { title: ir.endpointId, version: "1" }, paths: {}, components: { schemas } } as Parameters<
      typeof openapiTS
    >[0],
    {
      silent: true,
      // Fields with a default are optional to send: the input type must say so (as Zod's input type does).
      defaultNonNullable: false,
    },
  );
  // Only `components` matters: a model's paths are the queue's, typed once in generated/clients/queue.ts.
  const text = astToString(ast);
  const start = text.indexOf("export interface components");
  const end = text.indexOf("\nexport type $defs");
  return text.slice(start, end > start ? end : undefined).trim();
}

/**
 * fal returns 64-bit seeds (e.g. 12,345,678,901,234,567,890) that JSON turns into unsafe integers, which
 * Zod's `.int()` rejects. On the output side only, "integer" means Number.isInteger; inputs stay strict.
 */
function relaxIntegers(expr: string): string {
  return expr.replaceAll(".int()", '.refine(Number.isInteger, "Invalid input: expected an integer")');
}

function reachable(from: string, components: Record<string, SpecNode>): Set<string> {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n) || !components[n]) continue;
    seen.add(n);
    JSON.stringify(components[n], (k, v) => {
      if (k === "$ref" && typeof v === "string") stack.push(v.replace("#/components/schemas/", ""));
      return v;
    });
  }
  return seen;
}

export function modelStatements(ir: ModelIR, types: string): (string | StatementStructures)[] {
  const where = (n: string) => `${ir.endpointId}#/components/schemas/${n}`;
  const inputSide = reachable(ir.inputName, ir.components);
  const zodConsts = ir.defs
    .filter((d) => d.name !== ir.inputName && d.name !== ir.outputName)
    .map((d) => {
      const expr = zodExpression(d.schema, ir.identOf, ir.notes, where(d.name));
      return {
        kind: StructureKind.VariableStatement as const,
        declarationKind: VariableDeclarationKind.Const,
        declarations: [{ name: d.ident, initializer: inputSide.has(d.name) ? expr : relaxIntegers(expr) }],
      };
    });
  const compact = {
    input: compactFields(ir.components[ir.inputName], ir.components),
    output: compactFields(ir.components[ir.outputName], ir.components),
  };
  const exported = (name: string, initializer: string, docs?: string) => ({
    kind: StructureKind.VariableStatement as const,
    declarationKind: VariableDeclarationKind.Const,
    isExported: true,
    ...(docs ? { docs: [docs] } : {}),
    declarations: [{ name, initializer }],
  });
  return [
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: "zod", namedImports: ["z"] },
    `/** OpenAPI types of ${ir.endpointId}, by openapi-typescript. */\n${types}`,
    { kind: StructureKind.TypeAlias, isExported: true, name: "Input", type: `components["schemas"][${JSON.stringify(ir.inputName)}]` },
    { kind: StructureKind.TypeAlias, isExported: true, name: "Output", type: `components["schemas"][${JSON.stringify(ir.outputName)}]` },
    exported("endpointId", `${JSON.stringify(ir.endpointId)} as const`),
    ...zodConsts,
    exported(
      "input",
      zodExpression(ir.components[ir.inputName], ir.identOf, ir.notes, where(ir.inputName)),
      "Zod schema of the model input (json-schema-to-zod).",
    ),
    exported(
      "output",
      relaxIntegers(zodExpression(ir.components[ir.outputName], ir.identOf, ir.notes, where(ir.outputName))),
      "Zod schema of the model output (json-schema-to-zod; integers may exceed 2^53).",
    ),
    exported("compact", JSON.stringify(compact), "Compact schema for LLMs: fields, types, defaults, enums, limits."),
    exported(
      "toolSchemas",
      `JSON.parse(${JSON.stringify(JSON.stringify(modelToolSchemas(ir.components[ir.inputName], ir.components[ir.outputName], ir.components)))}) as { input: Record<string, unknown>; output: Record<string, unknown> }`,
      "The per-model tool's JSON Schemas in portable form (src/schema/portable.ts), as tools/list shows them.",
    ),
    exported(
      "notes",
      `${JSON.stringify([...new Set(ir.notes)].sort())} as readonly string[]`,
      "Where the generated schema departs from fal's spec, and why.",
    ),
  ];
}

export async function emitModel(project: Project, path: string, ir: ModelIR, sourceHash: string): Promise<string> {
  const types = await openapiTypes(ir);
  const sf = project.createSourceFile(path, { statements: modelStatements(ir, types) }, { overwrite: true });
  const text = header("codegen/emit/model.ts", sourceHash) + sf.getFullText();
  project.removeSourceFile(sf);
  return text;
}
