/**
 * Wraps a model's self-contained input/output JSON Schemas in fal's per-model queue OpenAPI envelope,
 * the shape `openapi/models/<id>.json` has for every model fal does not serve a spec for. Used by the
 * one-off import (scripts/import-fal-specs.ts) and held to the pipeline's normalize stage by tests.
 */
import { schemaStem } from "../src/catalog/naming.js";
import { stableJson } from "./specs.js";

/** A JSON Schema object as fal's schema map gives it (`$defs` local to it). */
export type JsonSchema = Record<string, unknown>;
export type OpenApiDoc = Record<string, unknown>;

const defsOf = (side: JsonSchema): Record<string, unknown> => {
  const d = side.$defs;
  return d && typeof d === "object" && !Array.isArray(d) ? (d as Record<string, unknown>) : {};
};

const QUEUE_STATUS = {
  type: "object",
  properties: {
    status: { type: "string", enum: ["IN_QUEUE", "IN_PROGRESS", "COMPLETED"] },
    request_id: { type: "string", description: "The request id." },
    response_url: { type: "string", description: "The response url." },
    status_url: { type: "string", description: "The status url." },
    cancel_url: { type: "string", description: "The cancel url." },
    logs: { type: "object", description: "The logs.", additionalProperties: true },
    metrics: { type: "object", description: "The metrics.", additionalProperties: true },
    queue_position: { type: "integer", description: "The queue position." },
  },
  required: ["status", "request_id"],
};

/** Wrap a self-contained input/output JSON Schema pair in fal's per-model queue OpenAPI envelope (§6.2). */
export function wrapModel(endpointId: string, category: string, input: JsonSchema, output: JsonSchema): OpenApiDoc {
  const stem = schemaStem(endpointId);
  const schemas: Record<string, unknown> = {};
  // $defs of input and output move to components.schemas; a clash with different content gets a suffix.
  const lift = (side: JsonSchema, tag: string) => {
    const local = new Map<string, string>();
    for (const [name, def] of Object.entries(defsOf(side))) {
      let target = name;
      if (target === "QueueStatus" || target === `${stem}Input` || target === `${stem}Output`) target = `${name}_${tag}`;
      if (schemas[target] && stableJson(schemas[target]) !== stableJson(def)) target = `${name}_${tag}`;
      local.set(name, target);
      schemas[target] = def;
    }
    return local;
  };
  const retarget = (node: unknown, local: Map<string, string>): unknown => {
    if (Array.isArray(node)) return node.map((n) => retarget(n, local));
    if (!node || typeof node !== "object") return node;
    const outNode: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === "$defs") continue;
      if (k === "$ref" && typeof v === "string" && v.startsWith("#/$defs/")) {
        const n = v.slice("#/$defs/".length);
        // A ref to a def the schema does not have stays dangling on purpose: codegen's patch stage reports it.
        outNode[k] = `#/components/schemas/${local.get(n) ?? n}`;
      } else outNode[k] = retarget(v, local);
    }
    return outNode;
  };
  const inLocal = lift(input, "in");
  const outLocal = lift(output, "out");
  for (const [, target] of inLocal) schemas[target] = retarget(schemas[target], inLocal);
  for (const [, target] of outLocal) schemas[target] = retarget(schemas[target], outLocal);
  const ref = (n: string) => ({ $ref: `#/components/schemas/${n}` });
  const reqParam = { name: "request_id", in: "path", required: true, schema: { type: "string", description: "Request ID" } };
  const json = (schema: unknown, description: string) => ({ description, content: { "application/json": { schema } } });
  return {
    openapi: "3.0.4",
    info: {
      title: `Queue OpenAPI for ${endpointId}`,
      version: "1.0.0",
      description: `The OpenAPI schema for the ${endpointId} queue.`,
      "x-fal-metadata": {
        endpointId,
        category,
        playgroundUrl: `https://fal.ai/models/${endpointId}`,
        documentationUrl: `https://fal.ai/models/${endpointId}/api`,
      },
    },
    components: {
      securitySchemes: { apiKeyAuth: { type: "apiKey", in: "header", name: "Authorization", description: "Fal Key" } },
      schemas: {
        QueueStatus: QUEUE_STATUS,
        [`${stem}Input`]: retarget(input, inLocal),
        [`${stem}Output`]: retarget(output, outLocal),
        ...Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b))),
      },
    },
    paths: {
      [`/${endpointId}/requests/{request_id}/status`]: {
        get: {
          parameters: [
            reqParam,
            {
              name: "logs",
              in: "query",
              required: false,
              schema: { type: "number", description: "Whether to include logs (`1`) in the response or not (`0`)." },
            },
          ],
          responses: { "200": json(ref("QueueStatus"), "The request status.") },
        },
      },
      [`/${endpointId}/requests/{request_id}/cancel`]: {
        put: {
          parameters: [reqParam],
          responses: {
            "200": json(
              {
                type: "object",
                properties: { success: { type: "boolean", description: "Whether the request was cancelled successfully." } },
              },
              "The request was cancelled.",
            ),
          },
        },
      },
      [`/${endpointId}`]: {
        post: {
          requestBody: { required: true, content: { "application/json": { schema: ref(`${stem}Input`) } } },
          responses: { "200": json(ref("QueueStatus"), "The request status.") },
        },
      },
      [`/${endpointId}/requests/{request_id}`]: {
        get: { parameters: [reqParam], responses: { "200": json(ref(`${stem}Output`), "Result of the request.") } },
      },
    },
    servers: [{ url: "https://queue.fal.run" }],
    security: [{ apiKeyAuth: [] }],
  };
}
