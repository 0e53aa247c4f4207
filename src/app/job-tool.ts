/**
 * The viewer's app-only tool: follow a job to its end, or cancel it. It wraps check_job, so every
 * check (endpoint id shape, key, fal's errors as sentences) is check_job's own; "follow" saves the
 * viewer a second round trip by fetching the result as soon as the status says COMPLETED.
 */
import { z } from "zod";
import { tools } from "../../generated/tools.js";
import type { Handler } from "../tools/context.js";
import { checkJobTool } from "../tools/check_job.js";

// check_job's own fields (the request id becomes part of a URL path), with the viewer's two actions.
export const jobToolInput = tools.check_job.input
  .pick({ endpoint_id: true, request_id: true })
  .extend({ action: z.enum(["follow", "cancel"]).optional() })
  .strict();

export const jobToolHandler: Handler<z.infer<typeof jobToolInput>> = async (args, ctx) => {
  const { endpoint_id, request_id } = args;
  if (args.action === "cancel") return checkJobTool({ endpoint_id, request_id, action: "cancel" }, ctx);
  const status = await checkJobTool({ endpoint_id, request_id, action: "status" }, ctx);
  if (status.isError || (status.structuredContent as { status?: unknown } | undefined)?.status !== "COMPLETED") return status;
  return checkJobTool({ endpoint_id, request_id, action: "result" }, ctx);
};
