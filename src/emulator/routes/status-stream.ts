/**
 * queue.fal.run's `…/status/stream`: Server-Sent Events, one `data:` line each time the status body
 * changes, ending once the job completes (or the client goes away).
 */
import type { ServerResponse } from "node:http";
import { statusBody } from "../jobs.js";
import type { EmulatorState } from "../state.js";
import type { Job } from "../store.js";

export function statusStream(st: EmulatorState, res: ServerResponse, j: Job, withLogs: boolean): void {
  res.writeHead(200, {
    "content-type": "text/event-stream",
    "cache-control": "no-cache",
    connection: "keep-alive",
    "x-fal-request-id": j.id,
  });
  let last = "";
  const tick = () => {
    const body = statusBody(st, j, withLogs);
    const s = JSON.stringify(body);
    if (s !== last) res.write(`data: ${s}\n\n`);
    last = s;
    if (body.status === "COMPLETED") {
      clearInterval(timer);
      res.end();
    }
  };
  const timer = setInterval(tick, st.streamEvery);
  st.openStreams++;
  res.once("close", () => {
    clearInterval(timer);
    st.openStreams--;
  });
  tick();
}
