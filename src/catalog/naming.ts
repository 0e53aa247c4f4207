/**
 * Names derived from fal endpoint ids. Shared by vendoring, codegen and the runtime so that a file
 * name, a schema stem and an MCP tool name are computed one way only.
 */

/** `fal-ai/flux/dev` → `fal-ai__flux__dev`: the file stem of a model's spec and generated module. */
export function endpointSlug(endpointId: string): string {
  return endpointId.replaceAll("/", "__");
}

/**
 * fal's per-model OpenAPI names components `<Stem>Input`/`<Stem>Output`, where the stem is the id without
 * its owner, PascalCased: `fal-ai/bytedance/seedream/v4/text-to-image` → `BytedanceSeedreamV4TextToImage`,
 * `alibaba/happy-horse/image-to-video` → `HappyHorseImageToVideo` (docs/fal-contract.md §6.2).
 */
export function schemaStem(endpointId: string): string {
  const rest = endpointId.split("/").slice(1).join("/") || endpointId;
  const stem = rest
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("");
  return /^[0-9]/.test(stem) ? `M${stem}` : stem;
}

/** A readable name when fal's catalog has none: `fal-ai/flux/dev` → `Flux Dev` (flagged as derived). */
export function nameFromId(endpointId: string): string {
  return endpointId
    .split("/")
    .slice(1)
    .join(" ")
    .replace(/[-_]+/g, " ")
    .replace(/\b[a-z]/g, (c) => c.toUpperCase());
}
