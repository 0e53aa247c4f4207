/** Lazy access to generated model modules: a model's Zod schemas are evaluated on first use only. */
import { modelLoaders, type ModelModule, type EndpointId } from "../../generated/models/index.js";

export function knownEndpoint(id: string): id is EndpointId {
  return Object.hasOwn(modelLoaders, id);
}

// Loaded modules by id: a dynamic import() of a module already loaded still costs a resolution and a
// few promises, on every run_model/submit_job (profiled on the fal hop).
const loaded = new Map<string, ModelModule>();

export async function loadModel(id: string): Promise<ModelModule | undefined> {
  const hit = loaded.get(id);
  if (hit) return hit;
  if (!knownEndpoint(id)) return undefined;
  const mod = await modelLoaders[id]();
  loaded.set(id, mod);
  return mod;
}
