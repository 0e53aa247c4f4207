/**
 * A JSON Schema node as fal's vendored specs hold it. The keywords the schema walkers (compact fields,
 * portable schemas, the emulator's fake outputs) read are typed; any other keyword is kept, opaque.
 */
export interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  allOf?: SchemaNode[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  examples?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  [keyword: string]: unknown;
}

/** Named schemas (`components.schemas`), as `$ref: "#/components/schemas/<name>"` points at them. */
export type SchemaComponents = Record<string, SchemaNode>;
