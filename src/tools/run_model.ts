import type { ToolInput } from "../../generated/tools.js";
import { ServerStopping } from "../server/stopping.js";
import { sleep } from "../fal/retry.js";
import type { QueueStatus } from "../fal/client.js";
import { appendText, falFailure, needKey, type Handler } from "./context.js";
import { callFacts, callNote, completedResult, failedJob, logLines, pending, prepare, withInlineImage } from "./jobs.js";

/**
 * Submit to the queue and wait, polling status with logs, sending progress when asked. The wait is
 * bounded (default 45 s, under the ~60 s most clients give a call): past it, or when the client
 * cancels, the request_id comes back with how to check_job it. A submitted job is never lost.
 */
export const runModelTool: Handler<ToolInput<"run_model">> = async (args, ctx) => {
  // Only the request id is kept from the submit answer: `last` holds the job's latest status (and links).
  let rid: string | undefined;
  try {
    const fal = needKey(ctx);
    const prep = await prepare(args.endpoint_id, args.input, args.max_cost_usd, ctx);
    // A submit is never cut off mid-way (only the deadline bounds it): aborting it cannot un-submit the job
    // at fal, only lose its request_id. The wait after it stops with the client.
    // One still waiting for a connection when its client leaves is never sent.
    let last: QueueStatus = await fal.submit(args.endpoint_id, prep.input, { dropIfUnsent: () => ctx.clientGone?.() ?? false });
    rid = last.request_id;
    const extra = callFacts(prep);
    const deadline = Date.now() + (args.wait_seconds ?? ctx.runWaitSeconds) * 1000;
    let tick = 0;
    const report = (st: QueueStatus) => {
      last = st;
      const logs = logLines(st);
      return ctx.progress(
        ++tick,
        undefined,
        st.status === "IN_QUEUE" ? `queued, position ${st.queue_position ?? "?"}` : (logs.at(-1) ?? st.status.toLowerCase()),
      );
    };
    // fal's status stream first: one connection per job, an event per change (far less work and memory
    // than polling when thousands of waits run at once). If it fails or ends early, poll, as fal's own client does.
    const streamed = await fal
      .watchStatus(args.endpoint_id, rid, {
        logs: true,
        signal: ctx.signal,
        deadline,
        // Progress is sent in order without holding the stream back; a client gone away is the signal's business.
        onStatus: (st) => void report(st).catch(() => undefined),
      })
      .catch(() => (ctx.signal.aborted ? "stopped" : "failed"));
    if (streamed === "failed" || streamed === "ended") {
      let delay = 150;
      while (last.status !== "COMPLETED") {
        if (Date.now() >= deadline || ctx.signal.aborted) break;
        await sleep(Math.min(delay, Math.max(0, deadline - Date.now())), ctx.signal).catch(() => undefined);
        if (ctx.signal.aborted) break;
        delay = Math.min(1000, delay * 1.5);
        try {
          await report(await fal.status(args.endpoint_id, rid, { logs: true, signal: ctx.signal }));
        } catch (e) {
          if (ctx.signal.aborted) break;
          // A status failure after retries must not lose the job: hand back the id.
          return pending(args.endpoint_id, last, extra, `status checks failed (${(e as Error).message})`, rid);
        }
      }
    }
    // The note in words is built only now: a wait need not hold it.
    if (last.status !== "COMPLETED") {
      const p = pending(args.endpoint_id, last, extra, ctx.signal.aborted ? abortWords(ctx.signal) : "the wait limit passed", rid);
      appendText(p, callNote(prep));
      return p;
    }
    if (last.error) return failedJob(args.endpoint_id, last, rid);
    try {
      const output = await fal.result(args.endpoint_id, rid, { signal: ctx.signal });
      const done = completedResult(args.endpoint_id, rid, output, extra);
      appendText(done, callNote(prep));
      return withInlineImage(done, ctx);
    } catch (e) {
      const r = falFailure(e, `fetching the result of ${rid}`);
      appendText(r, ` The request_id is ${rid}: check_job with action "result" fetches it again.`);
      return r;
    }
  } catch (e) {
    const r = rid ? falFailure(e, `running ${args.endpoint_id}`) : falFailure(e, `submitting to ${args.endpoint_id}`, { submit: true });
    if (rid) appendText(r, ` The job was submitted as request_id ${rid}; use check_job.`);
    return r;
  }
};

/** Why a wait ended early: the server stopping says so; anything else is the client's cancel. */
function abortWords(signal: AbortSignal): string {
  return signal.reason instanceof ServerStopping ? "the server is shutting down" : "the call was cancelled";
}
