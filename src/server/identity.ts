/**
 * Who this server says it is in `initialize`: shared by the SDK's `Server` (server/create.ts) and the
 * stdio front (stdio.ts), which answers `initialize` before the SDK has loaded. A test compares both
 * answers, so a change here or in create.ts that makes them differ fails.
 */
export const SERVER_INFO = { name: "fal-mcp", version: "0.1.0" };

export const CAPABILITIES = { tools: {}, resources: {}, prompts: {} };

export const INSTRUCTIONS =
  "fal.ai models: search_models/recommend_model to pick one, get_model_schema for its parameters, run_model (or submit_job + check_job for long video/3D jobs) to run it, upload_file for inputs.";
