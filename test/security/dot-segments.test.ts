/**
 * Issue 16, finding 4, second line: whatever reaches the fal client, a `.`/`..`/empty path segment
 * never becomes a request (`requests/../cancel` would be another fal route). A recording loopback
 * "fal" counts what arrives: nothing may.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { createFalClient } from "../../src/fal/client.js";
import { nodeFetch } from "../../src/fal/node-fetch.js";
import { queueUrls } from "../../src/fal/endpoint.js";
import { startHostileFal, type HostileFal } from "../helpers/hostile-fal.js";
import { KEY } from "../helpers/processes.js";

let fal: HostileFal;
beforeAll(async () => {
  fal = await startHostileFal();
});
afterAll(() => fal.close());

it("refuses dot and empty segments in every path parameter, sending nothing", async () => {
  const client = createFalClient({
    key: KEY,
    urls: { api: `${fal.url}/v1`, queue: `${fal.url}/queue`, run: `${fal.url}/run`, rest: `${fal.url}/rest` },
    fetch: nodeFetch,
    retry: { retries: 0, baseMs: 1, maxMs: 1 },
  });
  const attempts: [string, () => Promise<unknown>][] = [
    ["cancel ..", () => client.cancel("fal-ai/flux/dev", "..")],
    ["cancel .", () => client.cancel("fal-ai/flux/dev", ".")],
    ["status ..", () => client.status("fal-ai/flux/dev", "..")],
    ["result empty", () => client.result("fal-ai/flux/dev", "")],
    ["submit with a .. segment", () => client.submit("fal-ai/../flux", { prompt: "x" })],
    ["run with an empty segment", () => client.run("fal-ai//flux", { prompt: "x" })],
    ["status of an owner ..", () => client.status("../flux", "abc")],
  ];
  for (const [name, attempt] of attempts) await expect(attempt(), name).rejects.toThrow(/path segment/);
  expect(() => queueUrls(`${fal.url}/queue`, "fal-ai/flux/dev", "..")).toThrow(/path segment/);
  expect(fal.seen).toEqual([]);
  // A well-formed id still goes through (and is the only request the recorder sees).
  await client.status("fal-ai/flux/dev", "764cabcf-b745-4b3e-ae38-1200304cf45b").catch(() => undefined);
  expect(fal.seen).toEqual(["GET /queue/fal-ai/flux/requests/764cabcf-b745-4b3e-ae38-1200304cf45b/status?logs=0"]);
});
