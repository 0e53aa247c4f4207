/**
 * Which tools need no key and which spend nothing, derived from the tool contract (openapi/tools.json:
 * `needsFalKey` and `annotations.readOnlyHint`), never listed by hand. Plain data with no handler
 * imports, so a cold process can decide what to list before any tool code loads.
 */
import { toolDefinitions, toolNeedsFalKey, type ToolName } from "../../generated/tool-definitions.js";

export const TOOL_NAMES = Object.keys(toolDefinitions) as ToolName[];

/** Tools that work without a fal key (discovery from the embedded snapshot). */
export const KEYLESS: ReadonlySet<ToolName> = new Set(TOOL_NAMES.filter((n) => !toolNeedsFalKey[n]));

const has = (schema: Record<string, unknown>, field: string) => Object.hasOwn((schema.properties ?? {}) as object, field);

/** Tools that take max_cost_usd: a connection's own cost ceiling (sign-in limits) applies to them the same way. */
export const COST_GUARDED: ReadonlySet<string> = new Set(TOOL_NAMES.filter((n) => has(toolDefinitions[n].inputSchema, "max_cost_usd")));

/** Tools that answer about a fal job (their result names its request_id): the ones the media viewer shows. */
export const JOB_TOOLS: ReadonlySet<string> = new Set(TOOL_NAMES.filter((n) => has(toolDefinitions[n].outputSchema, "request_id")));

/** Tools that spend nothing: the ones `--read-only` (or a read-only sign-in) keeps. */
export const READ_ONLY: ReadonlySet<ToolName> = new Set(TOOL_NAMES.filter((n) => toolDefinitions[n].annotations.readOnlyHint === true));
