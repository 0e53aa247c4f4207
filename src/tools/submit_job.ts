import type { ToolInput } from "../../generated/tools.js";
import { falFailure, needKey, ok, type Handler } from "./context.js";
import { callFacts, callNote, jobState, prepare } from "./jobs.js";

export const submitJobTool: Handler<ToolInput<"submit_job">> = async (args, ctx) => {
  try {
    const fal = needKey(ctx);
    const prep = await prepare(args.endpoint_id, args.input, args.max_cost_usd, ctx);
    // Not cut off when the client leaves once sent: the job may already exist at fal, and only a finished
    // submit knows its request_id (the fal client's deadline still bounds it). One still waiting for a
    // connection when its client leaves is never sent. See run_model.ts.
    const s = await fal.submit(args.endpoint_id, prep.input, { dropIfUnsent: () => ctx.clientGone?.() ?? false });
    const next = `Call check_job with endpoint_id "${args.endpoint_id}" and request_id "${s.request_id}".`;
    const state = jobState(args.endpoint_id, s);
    state.next_step = next;
    return ok(
      callFacts(prep, state),
      `Submitted ${args.endpoint_id}: request_id ${s.request_id} (${s.status}${s.queue_position !== undefined ? `, position ${s.queue_position}` : ""}). ${next}${callNote(prep)}`,
    );
  } catch (e) {
    return falFailure(e, `submitting to ${args.endpoint_id}`, { submit: true });
  }
};
