/** Polls `cond` every 10 ms, at most `tries` times, then asserts it holds (a state a test waits to see). */
import { expect } from "vitest";

export async function waitFor(cond: () => boolean, tries = 400): Promise<void> {
  for (let i = 0; i < tries && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(cond()).toBe(true);
}
