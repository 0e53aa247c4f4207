/** Lazy access to generated model modules: a model's Zod schemas are evaluated on first use only. */
import { modelLoaders, type ModelModule, type EndpointId } from "../generated/models/index.js";

export function knownEndpoint(id: string): id is EndpointId {
  return Object.prototype.hasOwnProperty.call(modelLoaders, id);
}

export async function loadModel(id: string): Promise<ModelModule | undefined> {
  return knownEndpoint(id) ? modelLoaders[id]() : undefined;
}
