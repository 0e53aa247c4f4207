/**
 * A real HTTP server whose fal is a closed loopback port: for tests whose calls must be answered (or
 * refused) before fal is contacted, and which must never reach fal's hosts or any other address.
 */
import type { FalUrls } from "../../src/fal/client.js";
import { startHttpServer, type NodeHttpOptions, type RunningHttp } from "../../src/transports/http/node.js";
import { createUrlGuard } from "../../src/net/guard.js";

const DEAD = "http://127.0.0.1:9";
export const DEAD_FAL_URLS: FalUrls = { api: `${DEAD}/v1`, queue: `${DEAD}/queue`, run: `${DEAD}/run`, rest: `${DEAD}/rest` };

export function startOfflineServer(extra: Partial<NodeHttpOptions> = {}): Promise<RunningHttp> {
  return startHttpServer({ urls: DEAD_FAL_URLS, mode: "hosted", guard: createUrlGuard(), port: 0, liveCatalog: false, ...extra });
}
