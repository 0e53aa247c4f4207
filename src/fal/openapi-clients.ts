/**
 * The generated openapi-fetch clients behind one fal client, and their helpers: the calls the fast paths
 * of client.ts do not cover (cancel, the platform API, storage). Each is built on first use.
 */
import { createPlatformClient } from "../../generated/clients/platform.js";
import { createQueueClient } from "../../generated/clients/queue.js";
import { createStorageClient } from "../../generated/clients/storage.js";
import { ENDPOINT_ID_RE, parseEndpointId, pathSegment } from "./endpoint.js";
import { errorFromResponse } from "./errors.js";
import type { FalUrls } from "./urls.js";
import { trimSlash } from "./wire.js";

/**
 * Endpoint ids keep their slashes in submit/run URLs; each segment is escaped (and dot segments refused).
 * A well-formed id (the tools check every id against ENDPOINT_ID_RE) has nothing to escape and no dot or empty
 * segment, so it is its own path: one test, not a split, map and join per call.
 */
export const endpointPath = (id: string) => (ENDPOINT_ID_RE.test(id) ? id : id.split("/").map(pathSegment).join("/"));
/** Endpoint ids keep their slashes in the URL; each segment is still escaped. */
const pathSerializer = (pathname: string, params: Record<string, unknown>) =>
  pathname.replace(/\{([^}]+)\}/g, (_, name: string) => endpointPath(String(params[name] ?? "")));

/** The generated openapi-fetch clients of one fal client: submit/run/stream never use them, so each is built on first use. */
export class LazyClients {
  #platform: ReturnType<typeof createPlatformClient> | undefined;
  #queue: ReturnType<typeof createQueueClient> | undefined;
  #storage: ReturnType<typeof createStorageClient> | undefined;
  constructor(
    private readonly urls: FalUrls,
    private readonly common: () => { headers: Record<string, string>; fetch: typeof fetch },
  ) {}
  get platform() {
    this.#platform ??= createPlatformClient({ baseUrl: trimSlash(this.urls.api), ...this.common() });
    return this.#platform;
  }
  get queue() {
    this.#queue ??= createQueueClient({ baseUrl: trimSlash(this.urls.queue), pathSerializer, ...this.common() });
    return this.#queue;
  }
  get storage() {
    this.#storage ??= createStorageClient({ baseUrl: trimSlash(this.urls.rest), ...this.common() });
    return this.#storage;
  }
}

export async function unwrap<T>(p: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await p;
  if (!response.ok) throw errorFromResponse(response.status, error, response.headers);
  return data as T;
}
export const appParams = (id: string, requestId: string) => {
  const p = parseEndpointId(id);
  return { owner: p.namespace ? `${p.namespace}/${p.owner}` : p.owner, alias: p.alias, request_id: requestId };
};
