/**
 * Who this server says it is in `initialize`: shared by the SDK's `Server` (server/create.ts) and the
 * stdio front (stdio.ts), which answers `initialize` before the SDK has loaded. A test compares both
 * answers, so a change here or in create.ts that makes them differ fails.
 */
/** The one place the version is written (test/server/identity.test.ts holds it to package.json's). */
export const SERVER_INFO = { name: "fal-mcp", version: "0.1.0" };

/** How this server names itself to fal. */
export const USER_AGENT = `${SERVER_INFO.name}/${SERVER_INFO.version}`;

/** Said wherever a call needs a fal key and has none. */
export const NEEDS_KEY = "needs your fal key: connect with the header `Authorization: Bearer <FAL_KEY>` (over stdio, set FAL_KEY)";

export const CAPABILITIES = { tools: {}, resources: {}, prompts: {} };

export const INSTRUCTIONS =
  "fal.ai models: search_models/recommend_model to pick one, get_model_schema for its parameters, run_model (or submit_job + check_job for long video/3D jobs) to run it, upload_file for inputs.";
