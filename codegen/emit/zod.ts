/**
 * Emit a JSON Schema as a Zod v4 expression. json-schema-to-zod renders each schema; we only teach it
 * our `$ref`s (to the named consts the module declares) and make oneOf a plain union.
 */
import { jsonSchemaToZod } from "json-schema-to-zod";
import type { SpecNode } from "../specs.js";

const REF = "#/components/schemas/";

export function zodExpression(schema: SpecNode, identOf: Map<string, string>, notes: string[], where: string): string {
  return jsonSchemaToZod(schema, {
    module: "none",
    zodVersion: 4,
    parserOverride: (s: SpecNode) => {
      if (typeof s.$ref === "string") {
        const ident = s.$ref.startsWith(REF) ? identOf.get(s.$ref.slice(REF.length)) : undefined;
        if (!ident) {
          notes.push(`${where}: unresolvable $ref ${s.$ref} accepted as any value`);
          return "z.unknown()";
        }
        let out = ident;
        if (s.description) out += `.describe(${JSON.stringify(s.description)})`;
        if (s.default !== undefined) out += `.default(${JSON.stringify(s.default)})`;
        return out;
      }
      if (Array.isArray(s.oneOf) && s.oneOf.length > 1) {
        // Zod has no "exactly one" combinator; a union accepts what oneOf accepts plus values matching
        // several branches. fal's oneOfs are disjoint in practice, so we note it rather than emit a refine.
        notes.push(`${where}: oneOf emitted as a union (accepts values matching several branches)`);
        const { oneOf, ...rest } = s;
        return zodExpression({ ...rest, anyOf: oneOf }, identOf, notes, where);
      }
      return undefined;
    },
  });
}
