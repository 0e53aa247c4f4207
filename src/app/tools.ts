/**
 * The tool list for clients that announced the MCP Apps extension (see ./ui.ts for how that is known
 * on a stateless endpoint): `_meta.ui.resourceUri` on the tools whose results the viewer shows
 * (run_model, submit_job, check_job, the per-model tools of --tools) and the app-only tool.
 */
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { toolDefinitions } from "../../generated/tool-definitions.js";
import { JOB_TOOLS } from "../tools/traits.js";
import { JOB_TOOL, VIEWER_URI } from "./ui.js";

const checkJobFields = toolDefinitions.check_job.inputSchema.properties as Record<"endpoint_id" | "request_id", Record<string, unknown>>;

const SHOWS_MEDIA = JOB_TOOLS;

/**
 * `_meta` pointing a tool at the viewer. Only the nested form: the flat `ui/resourceUri` key was
 * deprecated before the extension went stable, and every byte here is in every tools/list.
 */
const viewerMeta = (visibility?: ("model" | "app")[]) => ({ ui: { resourceUri: VIEWER_URI, ...(visibility ? { visibility } : {}) } });

export const jobToolDefinition: Tool = {
  name: JOB_TOOL,
  title: "Follow or cancel a fal job (media viewer)",
  description:
    "For the fal media viewer only, not the model: the state of a queued or running job (status, queue position, latest log line), its result with media links once it has finished, or cancel it. The model uses check_job instead.",
  inputSchema: {
    type: "object",
    properties: {
      // check_job's own published fields: one definition of what an endpoint and a request id look like.
      endpoint_id: checkJobFields.endpoint_id,
      request_id: checkJobFields.request_id,
      action: {
        type: "string",
        enum: ["follow", "cancel"],
        description: "follow (default): status, or the result once finished; cancel: cancel the job",
      },
    },
    required: ["endpoint_id", "request_id"],
    additionalProperties: false,
  },
  annotations: {
    title: "Follow or cancel a fal job",
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  },
  _meta: viewerMeta(["app"]),
};

export interface ViewerLists {
  /** For clients without the extension: the list exactly as before the viewer existed. */
  list: Tool[];
  /**
   * For clients that announced the extension: `_meta.ui.resourceUri` where the viewer shows the result,
   * plus the app-only tool (when check_job is enabled). Kept from other clients so that their list,
   * and the tokens it costs, stay byte for byte what they were.
   */
  uiList: Tool[];
}

export function withViewer(list: Tool[], modelToolNames: ReadonlySet<string>): ViewerLists {
  const declared = list.map((t) =>
    SHOWS_MEDIA.has(t.name) || modelToolNames.has(t.name) ? { ...t, _meta: { ...t._meta, ...viewerMeta() } } : t,
  );
  const canFollow = list.some((t) => t.name === "check_job");
  return { list, uiList: canFollow ? [...declared, jobToolDefinition] : declared };
}
