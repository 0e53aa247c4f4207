/**
 * Which tools need no key and which spend nothing, derived from the tool contract (openapi/tools.json:
 * `needsFalKey` and `annotations.readOnlyHint`), never listed by hand. Plain data with no handler
 * imports, so a cold process can decide what to list before any tool code loads.
 */
import { toolDefinitions, toolNeedsFalKey, type ToolName } from "../../generated/tool-definitions.js";

export const TOOL_NAMES = Object.keys(toolDefinitions) as ToolName[];

/** Tools that work without a fal key (discovery from the embedded snapshot). */
export const KEYLESS: ReadonlySet<ToolName> = new Set(TOOL_NAMES.filter((n) => !toolNeedsFalKey[n]));

/** Tools that spend nothing: the ones `--read-only` (or a read-only sign-in) keeps. */
export const READ_ONLY: ReadonlySet<ToolName> = new Set(TOOL_NAMES.filter((n) => toolDefinitions[n].annotations.readOnlyHint === true));
