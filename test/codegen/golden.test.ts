/** Golden files: the generated module of each of fal's four served specs, reviewed in diffs. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/processes.js";

describe("golden model modules from fal's served specs", () => {
  it.each([
    "fal-ai__bytedance__seedream__v4__text-to-image",
    "fal-ai__playai__tts__v3",
    "alibaba__happy-horse__image-to-video",
    "alibaba__happy-horse__reference-to-video",
  ])("%s", async (slug) => {
    const text = readFileSync(join(ROOT, "generated/models", `${slug}.ts`), "utf8");
    await expect(text).toMatchFileSnapshot(`./__golden__/${slug}.ts.golden`);
  });
  it("the platform API client types", async () => {
    const text = readFileSync(join(ROOT, "generated/clients/queue.ts"), "utf8");
    await expect(text).toMatchFileSnapshot("./__golden__/queue.ts.golden");
  });
});
