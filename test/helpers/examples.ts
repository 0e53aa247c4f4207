/** Real fal example payloads: each model's input built from the `examples` fal put on its fields. */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./processes.js";

const REF = "#/components/schemas/";

export interface ModelExample {
  endpointId: string;
  input: Record<string, unknown>;
  required: string[];
  output?: Record<string, unknown>;
}

/** The part of an OpenAPI object schema (or a $ref to one) that examples are read from. */
interface ObjectSchema {
  $ref?: string;
  required?: string[];
  properties?: Record<string, { examples?: unknown[]; default?: unknown }>;
}

function exampleObject(
  schema: ObjectSchema | undefined,
  components: Record<string, ObjectSchema>,
): { value: Record<string, unknown>; complete: boolean; required: string[] } {
  const s = schema?.$ref ? components[schema.$ref.slice(REF.length)] : schema;
  const value: Record<string, unknown> = {};
  const required: string[] = s?.required ?? [];
  for (const [k, p] of Object.entries(s?.properties ?? {})) if (Array.isArray(p.examples) && p.examples.length) value[k] = p.examples[0];
  return { value, complete: required.every((r) => r in value || s?.properties?.[r]?.default !== undefined), required };
}

export function realExamples(): ModelExample[] {
  const out: ModelExample[] = [];
  for (const f of readdirSync(join(ROOT, "openapi/models")).sort()) {
    const spec = JSON.parse(readFileSync(join(ROOT, "openapi/models", f), "utf8"));
    const id = spec.info["x-fal-metadata"].endpointId;
    const inRef = spec.paths[`/${id}`].post.requestBody.content["application/json"].schema;
    const outRef = spec.paths[`/${id}/requests/{request_id}`].get.responses["200"].content["application/json"].schema;
    const i = exampleObject(inRef, spec.components.schemas);
    const o = exampleObject(outRef, spec.components.schemas);
    if (i.complete && Object.keys(i.value).length)
      out.push({
        endpointId: id,
        input: i.value,
        required: i.required,
        ...(o.complete && Object.keys(o.value).length ? { output: o.value } : {}),
      });
  }
  return out;
}
