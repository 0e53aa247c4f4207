/**
 * Per-model search signals derived at codegen time from each model's own input/output schema: what it
 * takes (`in:image`, `in:images` for several references, `in:video`, `in:audio`, `in:mask`, `in:control`,
 * `in:text`, `in:3d`), what it produces (`out:image`, `out:video`, `out:audio`, `out:3d`, `out:text`,
 * `out:json`) and which knobs it has (`has:duration`, `has:fps`, `has:seed`, `has:lora`, `has:num_images`).
 * Search uses them to match the modality a request implies; recommend_model names them as reasons.
 * Field names are fal's conventions (image_url, image_urls, video_url, audio_url, mask_url, loras, …).
 */
import { compactFields, type CompactField } from "../../src/schema/compact.js";
import type { ModelIR } from "../normalize.js";

const isArray = (f: CompactField) => /array|\[\]/.test(f.type);

function mediaKind(f: CompactField): string | undefined {
  const n = f.name.toLowerCase();
  // A media input is a URL (or a list of them, or a file object); flags like generate_audio or num_images are not.
  if (!/url|string|object|array<(string|object)/.test(f.type) || /^(num_|enable_|generate_|return_|output_|use_|sync_)/.test(n))
    return undefined;
  if (!/(url|urls|image|images|video|audio|file|files|mask|data)$/.test(n)) return undefined;
  if (/mask/.test(n)) return "mask";
  if (/control|pose|depth|canny|sketch|keypoint/.test(n)) return "control";
  if (/video/.test(n)) return "video";
  if (/audio|speech|voice|music|song/.test(n)) return "audio";
  if (/mesh|glb|model_url|3d/.test(n)) return "3d";
  if (/image|photo|frame|face|garment|cloth|person|reference/.test(n)) return isArray(f) || /urls$|images$/.test(n) ? "images" : "image";
  return undefined;
}

function inputFacets(fields: CompactField[]): string[] {
  const out = new Set<string>();
  for (const f of fields) {
    const n = f.name.toLowerCase();
    const kind = mediaKind(f);
    if (kind) out.add(`in:${kind}`);
    if (kind === "images") out.add("in:image");
    if (/^(prompt|text|instruction|script|lyrics|messages|input|query|question)$/.test(n)) out.add("in:text");
    if (/^(duration|seconds|video_length|num_seconds)$/.test(n)) out.add("has:duration");
    if (/^(fps|frames_per_second|frame_rate)$/.test(n)) out.add("has:fps");
    if (n === "seed") out.add("has:seed");
    if (/^loras?$/.test(n)) out.add("has:lora");
    if (/^num_(images|outputs)$/.test(n)) out.add("has:num_images");
  }
  return [...out];
}

function outputFacets(fields: CompactField[]): string[] {
  const out = new Set<string>();
  for (const f of fields) {
    const n = f.name.toLowerCase();
    if (/video/.test(n)) out.add("out:video");
    else if (/audio|speech|music|song|voice|stem|vocal|instrumental/.test(n)) out.add("out:audio");
    else if (/mesh|glb|obj|3d|gaussian|splat|ply|usdz|fbx|model_file|model_urls|world/.test(n)) out.add("out:3d");
    else if (/image|mask|frame|depth|map|render/.test(n)) out.add("out:image");
    else if (
      /^(text|output|transcript|transcription|caption|description|answer|chunks|words|results|content|response|choices|lyrics|prompt|ocr|segments)$/.test(
        n,
      )
    )
      out.add("out:text");
  }
  // Generators echo the prompt back: text counts as an output only when no media comes out.
  if (out.size > 1) out.delete("out:text");
  if (out.size === 0) out.add("out:json");
  return [...out];
}

export function facetsOf(ir: ModelIR): string[] {
  const input = compactFields(ir.components[ir.inputName], ir.components);
  const output = compactFields(ir.components[ir.outputName], ir.components);
  return [...inputFacets(input), ...outputFacets(output)].sort();
}
