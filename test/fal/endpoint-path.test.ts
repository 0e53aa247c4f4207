/**
 * endpointPath (src/fal/openapi-clients.ts) now answers a well-formed id (ENDPOINT_ID_RE) as it is, instead of
 * splitting, escaping each segment and joining. Held here to the old rule on generated ids (seeded): the same
 * path for every id the pattern accepts, and for ids it rejects the old way still applies (dot and empty
 * segments refused with the sentence, other characters escaped).
 */
import { describe, expect, it } from "vitest";
import { rng } from "../helpers/seeded.js";
import { ENDPOINT_ID_RE, pathSegment } from "../../src/fal/endpoint.js";
import { endpointPath } from "../../src/fal/openapi-clients.js";

/** The rule before the fast path (246a8c3). */
const before = (id: string) => id.split("/").map(pathSegment).join("/");
const outcome = (f: (id: string) => string, id: string) => {
  try {
    return `path ${f(id)}`;
  } catch (e) {
    return `${(e as Error).constructor.name}: ${(e as Error).message}`;
  }
};

const SAFE = ["a", "Z", "0", "9", "-", "_", ".", "fal-ai", "flux", "dev"];
const ODD = ["..", ".", "", " ", "%", "%2e", "?", "#", "\n", "\r", "\0", ":", "@", "+", "~", "!", "'", "(", "é", "\u2028", "\\", "*"];

describe("endpointPath agrees with split/escape/join", () => {
  it("on 5,000 generated ids (seeded), the fast path taken for the well-formed ones", () => {
    const r = rng(0xe1d);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
    const segment = () => {
      let s = "";
      for (let n = 1 + Math.floor(r() * 4); n > 0; n--) s += r() < 0.9 ? pick(SAFE) : pick(ODD);
      return r() < 0.05 ? pick(["", ".", ".."]) : s;
    };
    let fast = 0;
    let refused = 0;
    let escaped = 0;
    for (let i = 0; i < 5000; i++) {
      const parts: string[] = [];
      for (let n = 1 + Math.floor(r() * 4); n > 0; n--) parts.push(segment());
      let id = parts.join("/");
      if (r() < 0.05) id = pick(["/", ""]) + id + pick(["/", "", "\n"]);
      const was = outcome(before, id);
      const now = outcome(endpointPath, id);
      if (now !== was) expect({ i, id, now }).toEqual({ i, id, now: was });
      if (ENDPOINT_ID_RE.test(id)) {
        fast++;
        if (was !== `path ${id}`) expect(was).toBe(`path ${id}`);
      } else if (was.startsWith("TypeError")) refused++;
      else if (was !== `path ${id}`) escaped++;
    }
    expect(fast).toBeGreaterThan(800);
    expect(refused).toBeGreaterThan(200);
    expect(escaped).toBeGreaterThan(200);
  });

  it("refuses dot and empty segments with the sentence, and escapes the rest, as before", () => {
    expect(() => endpointPath("fal-ai/../queue")).toThrow('refusing to build a fal URL with a ".." path segment');
    expect(() => endpointPath("fal-ai/./flux")).toThrow('refusing to build a fal URL with a "." path segment');
    expect(() => endpointPath("fal-ai//flux")).toThrow("refusing to build a fal URL with an empty path segment");
    expect(() => endpointPath("fal-ai/flux/")).toThrow("refusing to build a fal URL with an empty path segment");
    expect(() => endpointPath("fal-ai/flux/..\n")).not.toThrow();
    expect(endpointPath("fal-ai/flux/..\n")).toBe("fal-ai/flux/..%0A");
    expect(endpointPath("fal-ai/flux dev?x#y")).toBe("fal-ai/flux%20dev%3Fx%23y");
    expect(endpointPath("fal-ai/flux/dev")).toBe("fal-ai/flux/dev");
  });
});
