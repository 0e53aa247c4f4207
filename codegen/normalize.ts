/**
 * Stage 3, normalize: reduce a patched per-model queue spec to the small form the emitters need:
 * the endpoint id, the input and output schemas, and the named schemas they reach, dependencies first.
 */
import { endpointSlug, schemaStem } from "../src/catalog/naming.js";
import { modelSchemaRefs } from "../src/schema/model-refs.js";
import type { SpecNode } from "./specs.js";

export interface ModelIR {
  endpointId: string;
  slug: string;
  stem: string;
  category: string;
  thumbnailUrl?: string;
  inputName: string;
  outputName: string;
  /** Named component schemas reachable from input/output, in dependency order (no cycles in fal's data). */
  defs: { name: string; ident: string; schema: SpecNode }[];
  identOf: Map<string, string>;
  components: Record<string, SpecNode>;
  notes: string[];
}

export class SpecError extends Error {}

const REF = "#/components/schemas/";

export function normalizeModel(spec: SpecNode, notes: string[]): ModelIR {
  const meta = spec?.info?.["x-fal-metadata"];
  const endpointId: string | undefined = meta?.endpointId;
  if (!endpointId) throw new SpecError("info.x-fal-metadata.endpointId is missing");
  const components: Record<string, SpecNode> = spec.components?.schemas ?? {};
  const { input: inputName, output: outputName } = modelSchemaRefs(spec, endpointId);
  if (!inputName) throw new SpecError(`POST /${endpointId} has no $ref request body`);
  if (!outputName) throw new SpecError(`GET /${endpointId}/requests/{request_id} has no $ref 200 response`);
  for (const n of [inputName, outputName]) if (!components[n]) throw new SpecError(`components.schemas.${n} is missing`);

  // Depth-first post-order over refs gives dependencies before dependents.
  const order: string[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (name: string) => {
    if (state.get(name) === "done") return;
    if (state.get(name) === "visiting") throw new SpecError(`recursive schema ${name} is not supported`);
    state.set(name, "visiting");
    for (const dep of refsIn(components[name])) if (components[dep]) visit(dep);
    state.set(name, "done");
    order.push(name);
  };
  visit(inputName);
  visit(outputName);

  const identOf = new Map<string, string>();
  const used = new Set(["input", "output", "z", "endpointId", "notes", "compact"]);
  for (const name of order) {
    let ident = `${name.replace(/[^A-Za-z0-9_$]/g, "_").replace(/^([0-9])/, "_$1")}Schema`;
    while (used.has(ident)) ident += "_";
    used.add(ident);
    identOf.set(name, ident);
  }
  return {
    endpointId,
    slug: endpointSlug(endpointId),
    stem: schemaStem(endpointId),
    category: meta.category ?? "unknown",
    ...(meta.thumbnailUrl ? { thumbnailUrl: meta.thumbnailUrl } : {}),
    inputName,
    outputName,
    defs: order.map((name) => ({ name, ident: identOf.get(name)!, schema: components[name] })),
    identOf,
    components,
    notes,
  };
}

function refsIn(node: SpecNode, acc: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) refsIn(n, acc);
  else if (node && typeof node === "object") {
    if (typeof node.$ref === "string" && node.$ref.startsWith(REF)) acc.push(node.$ref.slice(REF.length));
    for (const [k, v] of Object.entries(node)) if (k !== "examples" && k !== "default") refsIn(v, acc);
  }
  return acc;
}
