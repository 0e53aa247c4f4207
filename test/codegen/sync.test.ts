/** `npm run sync` against a fal-shaped server (the emulator): pages, writes specs, keeps what it lacks. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { sync } from "../../codegen/sync.js";
import { startEmulator, emulatorUrls, type Emulator } from "../../src/emulator/server.js";
import { KEY, ROOT } from "../helpers/processes.js";

let emu: Emulator;
let dir: string;
beforeAll(async () => {
  emu = await startEmulator();
  dir = mkdtempSync(join(tmpdir(), "fal-mcp-sync-"));
  cpSync(join(ROOT, "openapi"), dir, { recursive: true });
});
afterAll(async () => {
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

it("pages through /v1/models?expand=openapi-3.0, restores a lost spec, records the source and refreshes prices", async () => {
  const file = join(dir, "models/fal-ai__flux__dev.json");
  const original = JSON.parse(readFileSync(file, "utf8"));
  writeFileSync(file, "{}");
  const urls = emulatorUrls(emu.url);
  const r = await sync(dir, { limit: 100, env: { FAL_API_URL: urls.api, FAL_KEY: KEY } });
  expect(r.pages).toBe(13);
  expect(r.listed).toBe(1291);
  expect(r.written).toBeGreaterThanOrEqual(1);
  expect(r.failed).toEqual([]);
  expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(original);
  const sources = JSON.parse(readFileSync(join(dir, "sources.json"), "utf8"));
  expect(sources["models/fal-ai__flux__dev.json"]).toMatchObject({
    origin: "fal-live",
    fetched_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
  });
  const prices = JSON.parse(readFileSync(join(dir, "pricing.json"), "utf8")).prices;
  expect(prices.find((p: { endpoint_id: string }) => p.endpoint_id === "fal-ai/flux/dev")).toMatchObject({
    unit_price: 0.025,
    as_of: expect.not.stringMatching(/2025-10-30/),
  });
  expect(r.priced).toBe(prices.length);
  // The catalog now dates from this sync: "snapshot as of" answers must not keep the vendored date.
  expect(JSON.parse(readFileSync(join(dir, "catalog.json"), "utf8")).as_of).toBe(new Date().toISOString().slice(0, 10));
});

it("fails with a sentence when fal cannot be reached", async () => {
  await expect(
    sync(dir, { maxPages: 1, env: { FAL_API_URL: "http://127.0.0.1:9/v1" }, retry: { retries: 1, baseMs: 10, maxMs: 10 } }),
  ).rejects.toThrow(/127\.0\.0\.1:9/);
});
