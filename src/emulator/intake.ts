/**
 * What the run and queue hosts check before they accept a job: the endpoint id parses, the model is in
 * the catalog, and the input passes the model's generated Zod schema (errors in fal's 422 shape).
 */
import { catalog } from "../../generated/catalog.js";
import { parseEndpointId } from "../fal/endpoint.js";
import { loadModel } from "../catalog/models.js";
import { falDetail } from "./validate.js";
import { HttpError, isRecord } from "./wire.js";

export const catalogById = new Map(catalog.map((m) => [m.endpoint_id, m]));

/** The endpoint id of a `/run/…` or `/queue/…` path, or fal's 404 when it is not a known model. */
export function knownEndpointOr404(path: string): string {
  const id = path.split("/").filter(Boolean).map(decodeURIComponent).join("/");
  const notFound = () => new HttpError(404, { detail: `Application '${id}' not found` });
  try {
    parseEndpointId(id);
  } catch {
    throw notFound();
  }
  if (!catalogById.has(id)) throw notFound();
  return id;
}

export async function validateInput(id: string, input: unknown): Promise<Record<string, unknown>> {
  if (!isRecord(input))
    throw new HttpError(422, { detail: [{ loc: ["body"], msg: "Input should be a valid dictionary", type: "dict_type" }] });
  const mod = await loadModel(id);
  const r = mod!.input.safeParse(input);
  if (!r.success) throw new HttpError(422, { detail: falDetail(r.error, input) }, { "x-fal-error-type": "validation_error" });
  return r.data as Record<string, unknown>;
}
