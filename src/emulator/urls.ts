import type { FalUrls } from "../fal/client.js";

/** Base URLs that point a fal client at an emulator origin (one prefix per fal host). Kept apart from the
 * emulator itself so `serve` can compute them without loading it. */
export function emulatorUrls(origin: string): FalUrls {
  return { api: `${origin}/v1`, queue: `${origin}/queue`, run: `${origin}/run`, rest: `${origin}/rest` };
}
