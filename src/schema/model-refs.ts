/**
 * Where a fal model's OpenAPI names its input and output schemas: the `$ref` of `POST /{endpoint_id}`'s
 * JSON body and of `GET /{endpoint_id}/requests/{request_id}`'s 200 answer (fal's per-model spec layout,
 * docs/fal-contract.md). Read by codegen, by get_model_schema for models fal lists live, and by the emulator.
 */
const REF = "#/components/schemas/";

type Json = Record<string, unknown> | undefined;
const at = (o: unknown, ...keys: string[]): unknown =>
  keys.reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), o);

/** The component name a `{ $ref: "#/components/schemas/X" }` points at, or undefined for anything else. */
export function refName(schema: unknown): string | undefined {
  const ref = at(schema, "$ref");
  return typeof ref === "string" && ref.startsWith(REF) ? ref.slice(REF.length) : undefined;
}

/** The input and output component names of a model's spec (each undefined when the spec lacks it). */
export function modelSchemaRefs(spec: unknown, endpointId: string): { input: string | undefined; output: string | undefined } {
  const paths = at(spec, "paths") as Json;
  return {
    input: refName(at(paths, `/${endpointId}`, "post", "requestBody", "content", "application/json", "schema")),
    output: refName(at(paths, `/${endpointId}/requests/{request_id}`, "get", "responses", "200", "content", "application/json", "schema")),
  };
}
