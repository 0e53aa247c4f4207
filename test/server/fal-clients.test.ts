/**
 * Calls in flight on one key share one fal client (a run_model wait holds its client for the whole job),
 * and a key is kept no longer than the calls that carry it.
 */
import { expect, it } from "vitest";
import { clientsInUse, leaseFalClient } from "../../src/server/fal-clients.js";
import type { ServerOptions } from "../../src/server/options.js";
import { emulatorUrls } from "../../src/emulator/server.js";

const options = (): ServerOptions => ({ mode: "hosted", urls: emulatorUrls("http://127.0.0.1:9") }) as ServerOptions;

it("shares a client between calls on the same key, never across keys or servers", () => {
  const opts = options();
  const a = leaseFalClient(opts, "id-a:secret");
  const b = leaseFalClient(opts, "id-a:secret");
  const c = leaseFalClient(opts, "id-b:secret");
  const other = leaseFalClient(options(), "id-a:secret");
  expect(b.client).toBe(a.client);
  expect(c.client).not.toBe(a.client);
  expect(other.client).not.toBe(a.client);
  expect(clientsInUse(opts)).toBe(2);
  for (const l of [a, b, c, other]) l.release();
});

it("drops a key's client when its last call releases it (a second release changes nothing)", () => {
  const opts = options();
  const a = leaseFalClient(opts, "id-a:secret");
  const b = leaseFalClient(opts, "id-a:secret");
  a.release();
  a.release();
  expect(clientsInUse(opts)).toBe(1);
  b.release();
  expect(clientsInUse(opts)).toBe(0);
  const fresh = leaseFalClient(opts, "id-a:secret");
  expect(fresh.client).not.toBe(a.client);
  fresh.release();
  expect(clientsInUse(opts)).toBe(0);
});
