import type { ToolInput } from "../../generated/tools.js";
import { falFailure, needKey, ok, type Handler } from "./context.js";
import { callFacts, callNote, jobState, prepare } from "./jobs.js";

export const submitJobTool: Handler<ToolInput<"submit_job">> = async (args, ctx) => {
  try {
    const fal = needKey(ctx);
    const prep = await prepare(args.endpoint_id, args.input, args.max_cost_usd, ctx);
    const s = await fal.submit(args.endpoint_id, prep.input, { signal: ctx.signal });
    const next = `Call check_job with endpoint_id "${args.endpoint_id}" and request_id "${s.request_id}".`;
    return ok(
      {
        ...jobState(args.endpoint_id, s),
        next_step: next,
        ...callFacts(prep),
      },
      `Submitted ${args.endpoint_id}: request_id ${s.request_id} (${s.status}${s.queue_position !== undefined ? `, position ${s.queue_position}` : ""}). ${next}${callNote(prep)}`,
    );
  } catch (e) {
    return falFailure(e, `submitting to ${args.endpoint_id}`);
  }
};
