/**
 * The contract of the nine tools and the transports, as requirement ids. Each e2e test names the ids it
 * verifies with `covers(...)`; requirements.test.ts fails when an id has no test.
 */
export const REQUIREMENTS = {
  "search_models.query": "free-text search returns {models[{endpoint_id,name,category,description}], total_shown, has_more}",
  "search_models.category": "category filters; an unknown category is a clear sentence",
  "search_models.limit": "limit defaults to 20, caps at 100; 0 or 1000 is refused with a sentence",
  "get_model_schema.compact": "compact schema: required fields, types, enums, defaults, limits",
  "get_model_schema.unknown": "an unknown endpoint id gets close suggestions",
  "get_pricing.explained": "unit price explained in words, with its date and source",
  "get_pricing.estimate": "an input gives a cost estimate with defaults applied",
  "search_docs.ranked": "ranked doc pages with titles and links",
  "run_model.completes": "validates, submits, waits and returns media as structuredContent, resource_link and text",
  "run_model.invalid-input": "bad input is refused before fal with every offending field and a hint to get_model_schema",
  "run_model.wait-limit": "past the wait limit the request_id comes back with how to check_job it",
  "run_model.progress": "progress notifications when the call carries a progress token",
  "run_model.cost-guard": "max_cost_usd refuses above the estimate (defaults applied) and echoes the defaults",
  "submit_job.returns-id": "returns request_id and status at once",
  "check_job.status": "status with queue position and logs",
  "check_job.result": "result of a completed job; a failed job is an isError sentence",
  "check_job.cancel": "cancel answers in words",
  "upload_file.url": "a URL is fetched by the server and uploaded; cdn_url returned",
  "upload_file.base64": "base64 data is uploaded",
  "upload_file.local-path": "a local path works over stdio only",
  "recommend_model.ranked": "a ranked shortlist with why, key parameters and price",
  "transport.auth": "HTTP without a Bearer key is 401 with WWW-Authenticate and a sentence",
  "transport.anonymous": "--allow-anonymous serves discovery tools and refuses fal-bound ones with a sentence",
  "transport.resources": "resources: the catalog and each model's schema and raw OpenAPI",
  "transport.prompts": "prompts for generating an image and image to video",
  "transport.per-model-tools": "--tools exposes models as their own typed tools",
  "transport.operator-limits": "--read-only, --disable-tools and --allow-models narrow what is exposed",
} as const;

export type RequirementId = keyof typeof REQUIREMENTS;

/** Marks a test as verifying requirement ids (read statically by the gate). */
export function covers(...ids: RequirementId[]): string {
  return `[${ids.join(", ")}]`;
}
