/**
 * billingFields(input, unless) (src/catalog/pricing.ts) replaced, on every fal-bound call, prepare's
 * `Object.fromEntries(Object.entries(billingFields(full)).filter(([k]) => input[k] === undefined))`
 * (246a8c3 src/tools/jobs.ts): the defaults fal fills in, named in the answer and in the max-cost refusal.
 * Held to that composition on generated inputs (seeded): same keys, same order, same values.
 */
import { expect, it } from "vitest";
import { rng } from "../helpers/seeded.js";
import { billingFields } from "../../src/catalog/pricing.js";

/** billingFields as it was at 246a8c3, and prepare's use of it. */
const BILLED = [
  "duration",
  "num_images",
  "num_outputs",
  "image_size",
  "resolution",
  "aspect_ratio",
  "num_frames",
  "fps",
  "video_length",
  "seconds",
];
const billedBefore = (input: Record<string, unknown>) =>
  Object.fromEntries(BILLED.filter((k) => input[k] !== undefined).map((k) => [k, input[k]]));
const defaultsBefore = (full: Record<string, unknown>, input: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(billedBefore(full)).filter(([k]) => input[k] === undefined));

/** `o[k] = v` as an own property even for "__proto__" (as JSON.parse makes it). */
const setOwn = (o: Record<string, unknown>, k: string, v: unknown) =>
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });

it("names the same defaults, in the same order, as the entries/filter version on 3,000 seeded inputs", () => {
  const r = rng(0xb111);
  const keys = [...BILLED, "prompt", "seed", "__proto__", "constructor", "toString"];
  const values = [undefined, null, 0, 1, "", "landscape_4_3", false, { width: 512, height: 512 }, [1]];
  let nonEmpty = 0;
  let partial = 0;
  for (let i = 0; i < 3000; i++) {
    const full: Record<string, unknown> = {};
    const input: Record<string, unknown> = {};
    for (const k of keys) {
      // Own properties only (JSON.parse makes "__proto__" an own key, as the tools' input is parsed).
      if (r() < 0.6) setOwn(full, k, values[Math.floor(r() * values.length)]);
      if (r() < 0.4) setOwn(input, k, values[Math.floor(r() * values.length)]);
    }
    const was = defaultsBefore(full, input);
    const now = billingFields(full, input);
    if (JSON.stringify(Object.entries(now)) !== JSON.stringify(Object.entries(was))) expect({ i, now }).toEqual({ i, now: was });
    if (Object.getPrototypeOf(now) !== Object.prototype) expect(Object.getPrototypeOf(now)).toBe(Object.prototype);
    // And without `unless`, the billed fields themselves.
    const all = billingFields(full);
    if (JSON.stringify(Object.entries(all)) !== JSON.stringify(Object.entries(billedBefore(full))))
      expect({ i, all }).toEqual({ i, all: billedBefore(full) });
    const n = Object.keys(was).length;
    if (n) nonEmpty++;
    if (n && n < Object.keys(billedBefore(full)).length) partial++;
  }
  expect(nonEmpty).toBeGreaterThan(1000);
  expect(partial).toBeGreaterThan(500);
});
