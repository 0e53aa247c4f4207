import type { ToolInput } from "../../generated/tools.js";
import { sleep } from "../fal/retry.js";
import type { FalClient, QueueStatus } from "../fal/client.js";
import { appendText, falFailure, needKey, type Handler } from "./context.js";
import { callFacts, callNote, completedResult, failedJob, logLines, pending, prepare, withInlineImage } from "./jobs.js";

/**
 * Submit to the queue and wait, polling status with logs, sending progress when asked. The wait is
 * bounded (default 45 s, under the ~60 s most clients give a call): past it, or when the client
 * cancels, the request_id comes back with how to check_job it. A submitted job is never lost.
 */
export const runModelTool: Handler<ToolInput<"run_model">> = async (args, ctx) => {
  let submitted: QueueStatus | undefined;
  try {
    const fal = needKey(ctx);
    const prep = await prepare(args.endpoint_id, args.input, args.max_cost_usd, ctx);
    // A submit is never cut off mid-way (only the deadline bounds it): aborting it cannot un-submit the job
    // at fal, only lose its request_id. The wait after it stops with the client.
    submitted = await fal.submit(args.endpoint_id, prep.input);
    const rid = submitted.request_id;
    const extra = callFacts(prep);
    const note = callNote(prep);
    const deadline = Date.now() + (args.wait_seconds ?? ctx.runWaitSeconds) * 1000;
    let last: QueueStatus = submitted;
    let tick = 0;
    const report = async (st: QueueStatus) => {
      last = st;
      const logs = logLines(st);
      await ctx.progress(
        ++tick,
        undefined,
        st.status === "IN_QUEUE" ? `queued, position ${st.queue_position ?? "?"}` : (logs.at(-1) ?? st.status.toLowerCase()),
      );
    };
    // fal's status stream first: one connection per job, an event per change (far less work and memory
    // than polling when a thousand waits run at once). If it fails, poll, as fal's own client does.
    const streamed = await waitByStream(fal, args.endpoint_id, rid, deadline, ctx.signal, report);
    if (streamed === "failed") {
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
          return pending(args.endpoint_id, last, extra, `status checks failed (${(e as Error).message})`);
        }
      }
    }
    if (last.status !== "COMPLETED") {
      const p = pending(args.endpoint_id, last, extra, ctx.signal.aborted ? "the call was cancelled" : "the wait limit passed");
      appendText(p, note);
      return p;
    }
    if (last.error) return failedJob(args.endpoint_id, last);
    try {
      const output = await fal.result(args.endpoint_id, rid, { signal: ctx.signal });
      const done = completedResult(args.endpoint_id, rid, output, extra);
      appendText(done, note);
      return withInlineImage(done, ctx);
    } catch (e) {
      const r = falFailure(e, `fetching the result of ${rid}`);
      appendText(r, ` The request_id is ${rid}: check_job with action "result" fetches it again.`);
      return r;
    }
  } catch (e) {
    const r = falFailure(e, submitted ? `running ${args.endpoint_id}` : `submitting to ${args.endpoint_id}`);
    if (submitted) appendText(r, ` The job was submitted as request_id ${submitted.request_id}; use check_job.`);
    return r;
  }
};

/** Follows the SSE status stream until COMPLETED, the deadline, or cancellation. */
async function waitByStream(
  fal: FalClient,
  endpointId: string,
  requestId: string,
  deadline: number,
  signal: AbortSignal,
  report: (s: QueueStatus) => Promise<void>,
): Promise<"completed" | "stopped" | "failed"> {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), Math.max(0, deadline - Date.now()));
  const onAbort = () => ac.abort();
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    for await (const st of fal.streamStatus(endpointId, requestId, { logs: true, signal: ac.signal })) {
      await report(st);
      if (st.status === "COMPLETED") return "completed";
    }
    return "failed"; // the stream ended early: fall back to polling
  } catch {
    return ac.signal.aborted ? "stopped" : "failed";
  } finally {
    clearTimeout(timer);
    signal.removeEventListener("abort", onAbort);
  }
}
