/**
 * fal clients shared by the calls in flight that carry the same key. A client is ~2 KB of closures and
 * headers, and a run_model wait holds its call's client for the whole job: 5,000 waits on one key held
 * 5,000 identical clients (heap snapshots). An entry lives only while a call holds it, so a key is kept
 * in memory no longer than its own requests keep it (nothing is cached past the last one).
 */
import { createFalClient, type FalClient } from "../fal/client.js";
import type { ServerOptions } from "./options.js";
import { USER_AGENT } from "./identity.js";

interface Entry {
  client: FalClient;
  users: number;
}

/** Per server (its options: fal's URLs and fetch), per key. */
const servers = new WeakMap<ServerOptions, Map<string, Entry>>();

export interface FalLease {
  readonly client: FalClient;
  /** The call is done with the client (once; later calls do nothing). */
  release(): void;
}

export function leaseFalClient(opts: ServerOptions, key: string): FalLease {
  let byKey = servers.get(opts);
  if (!byKey) {
    byKey = new Map();
    servers.set(opts, byKey);
  }
  let entry = byKey.get(key);
  if (!entry) {
    entry = {
      client: createFalClient({ key, urls: opts.urls, ...(opts.fetch ? { fetch: opts.fetch } : {}), userAgent: USER_AGENT }),
      users: 0,
    };
    byKey.set(key, entry);
  }
  entry.users++;
  const held = entry;
  let done = false;
  return {
    client: held.client,
    release() {
      if (done) return;
      done = true;
      if (--held.users === 0 && byKey.get(key) === held) byKey.delete(key);
    },
  };
}

/** Clients in use for a server's options (for tests: entries must not outlive their calls). */
export const clientsInUse = (opts: ServerOptions) => servers.get(opts)?.size ?? 0;
