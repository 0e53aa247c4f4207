/**
 * queue.fal.run: submit (`POST /{endpoint}`), status (`GET …/requests/{id}/status`, and its SSE stream),
 * result (`GET …/requests/{id}`) and cancel (`PUT …/requests/{id}/cancel`).
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { appRoot } from "../../fal/endpoint.js";
import type { Fault } from "../faults.js";
import { knownEndpointOr404, validateInput } from "../intake.js";
import { enqueue, findJob, jobOutput, phase, queuePosition, statusBody, urlsOf } from "../jobs.js";
import type { EmulatorState } from "../state.js";
import type { Job } from "../store.js";
import { HttpError, json, methodNotAllowed, readJson, requireKey, timingHeader } from "../wire.js";
import { statusStream } from "./status-stream.js";

/** `path` is the part after `/queue`. */
export async function queueRoute(
  st: EmulatorState,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  path: string,
  fault: Fault | undefined,
): Promise<void> {
  requireKey(req, st.keys, false);
  const segs = path.split("/").filter(Boolean).map(decodeURIComponent);
  const ri = segs.indexOf("requests");
  if (ri >= 2 && (req.method === "GET" || req.method === "PUT")) {
    // `{app}/requests/{id}[/status[/stream]|/cancel]`; fal accepts the long form (full id) too.
    const j = findJob(st, segs.slice(0, ri).join("/"), segs[ri + 1] ?? "");
    const tail = segs.slice(ri + 2).join("/");
    const withLogs = ["1", "true"].includes(url.searchParams.get("logs") ?? "");
    if (req.method === "GET" && tail === "status") {
      const body = statusBody(st, j, withLogs);
      return json(res, body.status === "COMPLETED" ? 200 : 202, body);
    }
    if (req.method === "GET" && tail === "status/stream") return statusStream(st, res, j, withLogs);
    if (req.method === "GET" && tail === "") return result(st, res, j);
    if (req.method === "PUT" && tail === "cancel") return cancel(st, res, j);
    throw methodNotAllowed();
  }
  if (req.method !== "POST") throw methodNotAllowed();
  return submit(st, req, res, path, fault);
}

async function submit(st: EmulatorState, req: IncomingMessage, res: ServerResponse, path: string, fault: Fault | undefined): Promise<void> {
  const endpointId = knownEndpointOr404(path);
  const input = await validateInput(endpointId, await readJson(req, st.maxBody));
  const id = randomUUID();
  const j: Job = {
    id,
    endpointId,
    app: appRoot(endpointId),
    input,
    submittedAt: Date.now(),
    queueMs: timingHeader(req, "queue", st.queueMs),
    runMs: timingHeader(req, "run", st.runFor(endpointId)),
    ...(fault === "stall" || fault === "fail" ? { fault } : {}),
  };
  st.jobs.set(id, j);
  if (j.queueMs > 0) enqueue(st, j);
  st.onSubmit?.(id);
  json(
    res,
    200,
    { status: "IN_QUEUE", request_id: id, ...urlsOf(st, j), queue_position: queuePosition(st, j) },
    { "x-fal-request-id": id },
  );
}

function result(st: EmulatorState, res: ServerResponse, j: Job): void {
  if (phase(st, j) !== "COMPLETED") throw new HttpError(400, { detail: "Request is still in progress" });
  if (j.cancelled)
    throw new HttpError(
      499,
      { detail: "Request was cancelled", error_type: "client_cancelled" },
      { "x-fal-error-type": "client_cancelled" },
    );
  if (j.fault === "fail")
    throw new HttpError(
      500,
      { detail: "Runner failed while processing the request", error_type: "runner_server_error" },
      { "x-fal-error-type": "runner_server_error" },
    );
  json(res, 200, jobOutput(st, j), { "x-fal-request-id": j.id });
}

function cancel(st: EmulatorState, res: ServerResponse, j: Job): void {
  const p = phase(st, j);
  if (p === "COMPLETED") {
    json(res, 400, { status: "ALREADY_COMPLETED" });
    return;
  }
  j.cancelled = true;
  j.doneAt = Date.now();
  st.jobs.touch(j.id);
  if (p === "IN_QUEUE") json(res, 200, { status: "OK" });
  else json(res, 202, { status: "CANCELLATION_REQUESTED" });
}
