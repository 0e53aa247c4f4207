/** fal.run: the synchronous run — validate, wait the job's run time, answer with the result. */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { appRoot } from "../../fal/endpoint.js";
import type { Fault } from "../faults.js";
import { knownEndpointOr404, validateInput } from "../intake.js";
import { jobOutput } from "../jobs.js";
import type { EmulatorState } from "../state.js";
import type { Job } from "../store.js";
import { HttpError, json, methodNotAllowed, readJson, requireKey, timingHeader } from "../wire.js";

/** `path` is the part after `/run`. */
export async function runRoute(
  st: EmulatorState,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  fault: Fault | undefined,
): Promise<void> {
  requireKey(req, st.keys, false);
  if (req.method !== "POST") throw methodNotAllowed();
  const endpointId = knownEndpointOr404(path);
  const input = await validateInput(endpointId, await readJson(req, st.maxBody));
  const runMs = timingHeader(req, "run", st.runFor(endpointId));
  const j: Job = { id: randomUUID(), endpointId, app: appRoot(endpointId), input, submittedAt: Date.now(), queueMs: 0, runMs };
  await sleep(j.runMs);
  if (fault === "fail")
    throw new HttpError(500, { detail: "Runner failed while processing the request", error_type: "runner_server_error" });
  json(res, 200, jobOutput(st, j), { "x-fal-request-id": j.id });
}
