/**
 * Compile-time check (run by `tsc --noEmit` in `npm test`): for a spread of models, the openapi-typescript
 * types and the json-schema-to-zod schemas describe the same values, in both directions.
 */
import type { z } from "zod";
import type * as Flux from "../../generated/models/fal-ai__flux__dev.js";
import type * as Seedream from "../../generated/models/fal-ai__bytedance__seedream__v4__text-to-image.js";
import type * as Playai from "../../generated/models/fal-ai__playai__tts__v3.js";
import type * as HappyHorse from "../../generated/models/alibaba__happy-horse__image-to-video.js";
import type * as Kling from "../../generated/models/fal-ai__kling-video__v2.1__pro__image-to-video.js";
import type * as Whisper from "../../generated/models/fal-ai__elevenlabs__speech-to-text.js";
import type { EndpointTypeMap } from "../../generated/models/index.js";
import type { createFalClient } from "../../src/fal/client.js";

/**
 * Zod's `.optional()` admits an explicit `undefined`, which `exactOptionalPropertyTypes` distinguishes
 * from an absent key; JSON has no undefined, so that difference is dropped before comparing.
 */
type Defined<T> = T extends readonly (infer U)[]
  ? Defined<U>[]
  : T extends object
    ? { [K in keyof T]: Defined<Exclude<T[K], undefined>> }
    : T;
type Agree<Types, Schema extends z.ZodType> = [Types] extends [z.input<Schema>]
  ? [Defined<z.output<Schema>>] extends [Types]
    ? true
    : "zod output is not assignable to the OpenAPI type"
  : "OpenAPI type is not assignable to zod input";
const check = <T extends true>(_: T) => _;

check<Agree<Flux.Input, typeof Flux.input>>(true);
check<Agree<Flux.Output, typeof Flux.output>>(true);
check<Agree<Seedream.Input, typeof Seedream.input>>(true);
check<Agree<Seedream.Output, typeof Seedream.output>>(true);
check<Agree<Playai.Input, typeof Playai.input>>(true);
check<Agree<HappyHorse.Input, typeof HappyHorse.input>>(true);
check<Agree<Kling.Input, typeof Kling.input>>(true);
check<Agree<Kling.Output, typeof Kling.output>>(true);
check<Agree<Whisper.Input, typeof Whisper.input>>(true);

// The typed client: the input type follows the endpoint id.
declare const fal: ReturnType<typeof createFalClient>;
export async function typedClient() {
  await fal.submit("fal-ai/flux/dev", { prompt: "a lake", num_images: 2 });
  // @ts-expect-error: prompt must be a string for fal-ai/flux/dev
  await fal.submit("fal-ai/flux/dev", { prompt: 5 });
  // @ts-expect-error: prompt is required
  await fal.submit("fal-ai/flux/dev", {});
  const out: EndpointTypeMap["fal-ai/flux/dev"]["output"] = await fal.result("fal-ai/flux/dev", "id");
  return out.images[0]?.url;
}
