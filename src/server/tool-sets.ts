/** Which tools need no key and which spend nothing: plain data, importable without any handler. */
import type { ToolName } from "../../generated/tool-definitions.js";

/** Tools that work without a fal key (discovery from the embedded snapshot). */
export const KEYLESS: ReadonlySet<ToolName> = new Set(["search_models", "get_model_schema", "get_pricing", "search_docs", "recommend_model"]);
/** Tools that spend nothing (for --read-only). */
export const READ_ONLY: ReadonlySet<ToolName> = new Set(["search_models", "get_model_schema", "get_pricing", "search_docs", "recommend_model"]);
