/**
 * Live refresh of the catalog, shared by every request of one process: when the snapshot (or the last
 * refresh) is older than the TTL, the next discovery call starts a background refresh from fal's
 * `/v1/models` (keyless: it needs no key, and nothing key-bearing may outlive a request). Searches
 * never wait for it; each answer says which catalog it used. Failures back off and keep the old one.
 */
import { createFalClient, type FalUrls } from "../fal/client.js";
import { current, replaceCatalog, snapshotCatalog, type CatalogModel } from "./search.js";

export interface LiveRefreshOptions {
  urls: FalUrls;
  ttlMs?: number;
  /** Wait after a failed refresh before trying again. */
  retryMs?: number;
  fetch?: typeof fetch;
  /** Turn live refresh off entirely (tests of the snapshot). */
  disabled?: boolean;
}

interface RefreshState {
  inFlight?: Promise<void>;
  lastAttempt: number;
  lastSuccess: number;
  lastError?: string;
}

const byApi = new Map<string, RefreshState>();

/** Kick off a refresh when due; resolves when it finishes (callers normally do not await it). */
export function maybeRefresh(o: LiveRefreshOptions): Promise<void> | undefined {
  if (o.disabled) return undefined;
  const ttl = o.ttlMs ?? 10 * 60_000;
  const st = byApi.get(o.urls.api) ?? { lastAttempt: 0, lastSuccess: 0 };
  byApi.set(o.urls.api, st);
  const now = Date.now();
  if (st.inFlight) return st.inFlight;
  if (now - st.lastSuccess < ttl || now - st.lastAttempt < (o.retryMs ?? 60_000)) return undefined;
  st.lastAttempt = now;
  st.inFlight = refresh(o)
    .then(() => {
      st.lastSuccess = Date.now();
      delete st.lastError;
    })
    .catch((e) => {
      st.lastError = (e as Error).message;
    })
    .finally(() => {
      delete st.inFlight;
    });
  return st.inFlight;
}

async function refresh(o: LiveRefreshOptions): Promise<void> {
  const fal = createFalClient({
    urls: o.urls,
    timeoutMs: 10_000,
    retry: { retries: 1, baseMs: 500, maxMs: 2000 },
    ...(o.fetch ? { fetch: o.fetch } : {}),
  });
  const live: Omit<CatalogModel, "facets">[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const r = await fal.searchModels({ limit: 100, ...(cursor ? { cursor } : {}) });
    for (const m of r.models ?? []) {
      const md = m.metadata;
      if (!md) continue;
      live.push({
        endpoint_id: m.endpoint_id,
        name: md.display_name,
        category: md.category,
        description: md.description ?? "",
        tags: md.tags ?? [],
        status: md.status ?? "active",
        ...(md.thumbnail_url ? { thumbnail_url: md.thumbnail_url } : {}),
      });
    }
    if (!r.has_more || !r.next_cursor) break;
    cursor = r.next_cursor;
  }
  if (live.length === 0) throw new Error("fal listed no models");
  // Keep what the snapshot knows that fal's list lacks (e.g. pricing text, schema groups).
  const snap = new Map(snapshotCatalog.map((m) => [m.endpoint_id, m]));
  // A model new since the snapshot has no schema facets yet: its category still gives its modality.
  const merged: CatalogModel[] = live.map((m) => ({ facets: [], ...snap.get(m.endpoint_id), ...m }));
  const liveIds = new Set(merged.map((m) => m.endpoint_id));
  for (const m of current().models) if (!liveIds.has(m.endpoint_id)) merged.push(m);
  replaceCatalog(merged, "live", new Date().toISOString());
}
