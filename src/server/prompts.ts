import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";

/** Prompts that walk through fal's own examples (mission page): generate an image; image to video. */
export const PROMPTS = [
  {
    name: "generate_image",
    description: "Generate an image with a fal model: search, read the schema, run.",
    arguments: [{ name: "description", description: "What the image should show", required: true }],
    render: (a: Record<string, string>) => ({
      messages: [
        {
          role: "user" as const,
          content: {
            type: "text" as const,
            text: `Generate an image of: ${a.description ?? "a mountain lake at golden hour"}.\n1. search_models with category "text-to-image" (or recommend_model) to pick a model.\n2. get_model_schema for it.\n3. run_model with a prompt and any parameters that matter.\n4. Return the image URL.`,
          },
        },
      ],
    }),
  },
  {
    name: "image_to_video",
    description: "Turn an image into a short video: upload, pick a model, submit, poll.",
    arguments: [
      { name: "image_url", description: "URL of the source image", required: true },
      { name: "motion", description: "What should happen in the video", required: false },
    ],
    render: (a: Record<string, string>) => ({
      messages: [
        {
          role: "user" as const,
          content: {
            type: "text" as const,
            text: `Turn ${a.image_url ?? "the image"} into a 5-second video${a.motion ? ` where ${a.motion}` : ""}.\n1. upload_file the image to fal's CDN.\n2. recommend_model for "image to video".\n3. get_model_schema, then submit_job (video takes minutes).\n4. check_job until COMPLETED, then action "result".`,
          },
        },
      ],
    }),
  },
];

/** A prompt rendered from its arguments; unknown prompts and missing required arguments are refused. */
export function getPrompt(name: string, args: Record<string, string> | undefined) {
  const p = PROMPTS.find((x) => x.name === name);
  if (!p)
    throw new McpError(
      ErrorCode.InvalidParams,
      `Unknown prompt "${name.slice(0, 100)}". Available: ${PROMPTS.map((x) => x.name).join(", ")}.`,
    );
  const given = args ?? {};
  const missing = p.arguments.filter((a) => a.required && !given[a.name]?.trim());
  if (missing.length)
    throw new McpError(
      ErrorCode.InvalidParams,
      `Prompt ${name} needs ${missing.map((a) => `"${a.name}" (${a.description.toLowerCase()})`).join(" and ")}.`,
    );
  return p.render(given);
}
