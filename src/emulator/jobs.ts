/**
 * The job state machine: a job's status is a function of the time since submit (and its fault), so
 * nothing ticks in the background. Status bodies, logs, queue positions and results are derived here.
 */
import { modelSchemaRefs } from "../schema/model-refs.js";
import { fakeOutput } from "./fake-output.js";
import type { EmulatorState } from "./state.js";
import type { Job } from "./store.js";
import { HttpError } from "./wire.js";

export type Phase = "IN_QUEUE" | "IN_PROGRESS" | "COMPLETED";

export function phase(st: EmulatorState, j: Job, now = Date.now()): Phase {
  if (j.cancelled) return "COMPLETED";
  const t = now - j.submittedAt;
  if (t < j.queueMs) return "IN_QUEUE";
  if (j.fault === "stall" || t < j.queueMs + j.runMs) return "IN_PROGRESS";
  if (j.doneAt === undefined) {
    j.doneAt = j.submittedAt + j.queueMs + j.runMs;
    st.jobs.touch(j.id);
  }
  return "COMPLETED";
}

export function urlsOf(st: EmulatorState, j: Job): { response_url: string; status_url: string; cancel_url: string } {
  const base = `${st.origin}/queue/${j.app}/requests/${j.id}`;
  return { response_url: base, status_url: `${base}/status`, cancel_url: `${base}/cancel` };
}

export function enqueue(st: EmulatorState, j: Job): void {
  const q = st.queues.get(j.app) ?? [];
  q.push(j);
  st.queues.set(j.app, q);
}

/** Jobs of the same app still IN_QUEUE ahead of this one. */
export function queuePosition(st: EmulatorState, j: Job): number {
  const q = st.queues.get(j.app);
  if (!q) return 0;
  const now = Date.now();
  while (q.length && phase(st, q[0]!, now) !== "IN_QUEUE") q.shift();
  let ahead = 0;
  for (const other of q) {
    if (other === j) break;
    if (phase(st, other, now) === "IN_QUEUE") ahead++;
  }
  if (!q.length) st.queues.delete(j.app);
  return ahead;
}

interface LogLine {
  message: string;
  level: string;
  source: string;
  timestamp: string;
}

function logsOf(j: Job, now = Date.now()): LogLine[] {
  const ran = Math.max(0, now - j.submittedAt - j.queueMs);
  const steps = j.fault === "stall" ? 1 : Math.min(4, Math.floor((ran / Math.max(1, j.runMs)) * 4));
  const at = (ms: number) => new Date(j.submittedAt + j.queueMs + ms).toISOString();
  const logs: LogLine[] = [{ message: `Loading ${j.endpointId}`, level: "INFO", source: "USER", timestamp: at(0) }];
  for (let i = 1; i <= steps; i++) logs.push({ message: `Step ${i}/4`, level: "INFO", source: "USER", timestamp: at((i * j.runMs) / 4) });
  return logs;
}

export function statusBody(st: EmulatorState, j: Job, withLogs: boolean): Record<string, unknown> & { status: Phase } {
  const p = phase(st, j);
  const body: Record<string, unknown> & { status: Phase } = { status: p, request_id: j.id, ...urlsOf(st, j) };
  if (p === "IN_QUEUE") body.queue_position = queuePosition(st, j);
  if (p !== "IN_QUEUE") body.logs = withLogs ? logsOf(j) : null;
  if (p === "COMPLETED") {
    body.metrics = { inference_time: j.cancelled ? null : j.runMs / 1000 };
    if (j.fault === "fail") Object.assign(body, { error: "Runner failed while processing the request", error_type: "runner_server_error" });
    if (j.cancelled) Object.assign(body, { error: "Request was cancelled", error_type: "client_cancelled" });
  }
  return body;
}

/** A job by id, addressed by its app (short form) or its full endpoint id (long form), else fal's 404. */
export function findJob(st: EmulatorState, app: string, id: string): Job {
  const j = st.jobs.get(id);
  if (!j || (j.app !== app && j.endpointId !== app)) throw new HttpError(404, { status: "NOT_FOUND" });
  return j;
}

/** The job's result: a recorded fixture if one was given, else one made from the output schema (kept). */
export function jobOutput(st: EmulatorState, j: Job): unknown {
  if (j.output === undefined && st.outputs && Object.hasOwn(st.outputs, j.endpointId)) j.output = structuredClone(st.outputs[j.endpointId]);
  if (j.output === undefined) {
    const s = st.spec(j.endpointId);
    const ref = modelSchemaRefs(s, j.endpointId).output;
    // Codegen's normalize stage refuses a spec without it, so this is a broken install: fail loudly.
    if (!ref) throw new HttpError(500, { detail: `No output schema for ${j.endpointId}`, error_type: "internal_error" });
    j.output = fakeOutput({ $ref: `#/components/schemas/${ref}` }, s.components.schemas, j.input, st.origin);
  }
  return j.output;
}
