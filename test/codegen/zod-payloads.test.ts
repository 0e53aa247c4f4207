/** Zod by behaviour: fal's own example payloads, valid and made invalid, across the whole catalog. */
import { describe, expect, it } from "vitest";
import { loadModel } from "../../src/catalog/models.js";
import { realExamples } from "../helpers/examples.js";

// fal's examples that contradict fal's own schema (a URL string where a File object is declared, a
// string where an array is declared, a null for a non-nullable field in the older spec style). The
// schema is what fal validates, so these stay rejected; listing them makes any new mismatch fail.
const FAL_INPUT_EXAMPLE_ERRORS = new Set([
  "argil/avatars/audio-to-video",
  "cassetteai/video-sound-effects-generator",
  "fal-ai/glm-image/image-to-image",
  "fal-ai/hyper3d/rodin",
  "fal-ai/playai/tts/v3",
  "fal-ai/x-ailab/nsfw",
]);
const FAL_OUTPUT_EXAMPLE_ERRORS = new Set([
  "clarityai/crystal-upscaler",
  "decart/lucy-restyle",
  "fal-ai/echomimic-v3",
  "fal-ai/elevenlabs/speech-to-text/scribe-v2",
  "fal-ai/index-tts-2/text-to-speech",
  "fal-ai/longcat-single-avatar/audio-to-video",
  "fal-ai/longcat-single-avatar/image-audio-to-video",
  "fal-ai/personaplex",
  "fal-ai/sam-3-1/video-rle",
  "fal-ai/sam-3-1/video",
  "fal-ai/sam-3/video-rle",
  "fal-ai/stable-avatar",
]);

const examples = realExamples();

describe("generated Zod against fal's example payloads", () => {
  it("covers most of the catalog", () => {
    expect(examples.length).toBeGreaterThan(1100);
    expect(examples.filter((e) => e.output).length).toBeGreaterThan(500);
  });

  it("accepts every example input except fal's known self-contradictions", async () => {
    const rejected: string[] = [];
    for (const e of examples) if (!(await loadModel(e.endpointId))!.input.safeParse(e.input).success) rejected.push(e.endpointId);
    expect(rejected.sort()).toEqual([...FAL_INPUT_EXAMPLE_ERRORS].sort());
  });

  it("accepts every example output except fal's known self-contradictions (64-bit seeds included)", async () => {
    const rejected: string[] = [];
    for (const e of examples)
      if (e.output && !(await loadModel(e.endpointId))!.output.safeParse(e.output).success) rejected.push(e.endpointId);
    expect(rejected.sort()).toEqual([...FAL_OUTPUT_EXAMPLE_ERRORS].sort());
  });

  it("rejects each example with a required field removed, naming that field", async () => {
    let checked = 0;
    for (const e of examples) {
      const mod = (await loadModel(e.endpointId))!;
      for (const r of e.required) {
        if (!(r in e.input) || FAL_INPUT_EXAMPLE_ERRORS.has(e.endpointId)) continue;
        const { [r]: _gone, ...rest } = e.input;
        const res = mod.input.safeParse(rest);
        if (res.success) continue; // a required field with a default is fal's quirk: fal fills it in
        expect(
          res.error.issues.some((i) => i.path[0] === r),
          `${e.endpointId} without ${r}`,
        ).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it("rejects wrong types and out-of-range values", async () => {
    const flux = (await loadModel("fal-ai/flux/dev"))!;
    expect(flux.input.safeParse({ prompt: "ok" }).success).toBe(true);
    for (const bad of [
      { prompt: 5 },
      { prompt: "x", num_images: 9 },
      { prompt: "x", num_inference_steps: 0 },
      { prompt: "x", image_size: "huge" },
      { prompt: "x", acceleration: "max" },
    ])
      expect(flux.input.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    const parsed = flux.input.parse({ prompt: "x" }) as Record<string, unknown>;
    expect(parsed).toMatchObject({ num_images: 1, image_size: "landscape_4_3", num_inference_steps: 28 });
  });
});
