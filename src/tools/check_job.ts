import type { ToolInput } from "../../generated/tools.js";
import { fail, falFailure, needKey, ok, outsideModels, type Handler } from "./context.js";
import { ENDPOINT_ID_RE } from "../fal/endpoint.js";
import { completedResult, failedJob, jobState, logLines, withInlineImage } from "./jobs.js";
import { FalNotFoundError } from "../fal/errors.js";
import { current, suggestEndpoints } from "../catalog/search.js";

export const checkJobTool: Handler<ToolInput<"check_job">> = async (args, ctx) => {
  const { endpoint_id: id, request_id: rid } = args;
  const action = args.action ?? "status";
  // The id becomes part of a URL path: only a well-formed endpoint id may get that far.
  if (!ENDPOINT_ID_RE.test(id)) return fail(`"${id.slice(0, 100)}" is not a fal endpoint id (owner/alias[/path], e.g. fal-ai/flux/dev).`);
  // A job of a model this connection may not run is not its to watch or cancel either.
  if (!ctx.allowModel(id)) return fail(outsideModels(id));
  try {
    const fal = needKey(ctx);
    if (action === "cancel") {
      const r = await fal.cancel(id, rid, { signal: ctx.signal });
      const words: Record<string, string> = {
        OK: "removed from the queue before it started",
        CANCELLATION_REQUESTED: "running; fal asked the runner to stop",
        ALREADY_COMPLETED: 'already finished, so nothing was cancelled; fetch it with action "result"',
      };
      return ok(
        { status: r.status === "OK" ? "CANCELLED" : r.status, endpoint_id: id, request_id: rid },
        `Cancel ${rid}: ${words[r.status] ?? r.status}.`,
      );
    }
    if (action === "result") {
      const s = await fal.status(id, rid, { signal: ctx.signal });
      if (s.status !== "COMPLETED")
        return ok(
          {
            ...jobState(id, s, rid),
            next_step: "Not finished yet: check again shortly.",
          },
          `${rid} is ${s.status}; the result is not ready yet. Check again shortly.`,
        );
      if (s.error) return failedJob(id, s, rid);
      return withInlineImage(completedResult(id, rid, await fal.result(id, rid, { signal: ctx.signal }), {}), ctx);
    }
    const s = await fal.status(id, rid, { logs: true, signal: ctx.signal });
    if (s.status === "COMPLETED" && s.error) return failedJob(id, s, rid);
    // Completed: answer with the result too, so a status poll that finds it done needs no second call.
    if (s.status === "COMPLETED")
      return withInlineImage(completedResult(id, rid, await fal.result(id, rid, { signal: ctx.signal }), { logs: logLines(s) }), ctx);
    const logs = logLines(s);
    const next = 'Not finished yet: check again shortly with action "status"; once COMPLETED it answers with the result.';
    return ok(
      {
        ...jobState(id, s, rid),
        logs,
        next_step: next,
      },
      `${rid}: ${s.status}${s.queue_position !== undefined ? ` (position ${s.queue_position})` : ""}. ${next}${logs.length ? `\nlogs:\n${logs.map((l) => `  ${l}`).join("\n")}` : ""}`,
    );
  } catch (e) {
    if (e instanceof FalNotFoundError)
      return falFailure(
        new FalNotFoundError(
          `no request ${rid} for ${id} (wrong id, another endpoint, or the result expired: fal keeps results about an hour)${notInCatalog(id)}`,
          404,
          undefined,
        ),
        `checking ${rid}`,
      );
    return falFailure(e, `checking ${rid}`);
  }
};

/** For a job not found: whether its endpoint id is a catalog one, and the close ones if not (a mistyped id). */
function notInCatalog(id: string): string {
  if (current().byId.has(id)) return "";
  const close = suggestEndpoints(id);
  return `; "${id}" is not a catalog endpoint either${close.length ? `, close ones: ${close.join(", ")}` : ""}`;
}
