/** Shared by run_model, submit_job and check_job: input checks, cost guard, and result shaping. */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { loadModel } from "../catalog/models.js";
import { current, priceById } from "../catalog/search.js";
import { estimateCost, billingFields } from "../catalog/pricing.js";
import { nearestName } from "../catalog/categories.js";
import type { QueueStatus } from "../fal/client.js";
import { ok, outsideModels, ToolFailure, type ToolContext } from "./context.js";
import { checkInputBounds } from "./bounds.js";
import { lookupPrices, unknownEndpoint } from "./lookups.js";

/** Images at most this big may be sent inline (--inline-images); clients cap a result near 25,000 tokens. */
export const INLINE_IMAGE_MAX_BYTES = 256 * 1024;

export interface PreparedCall {
  input: Record<string, unknown>;
  /** True when no local schema exists (a model newer than this build); fal validates instead. */
  unvalidated?: boolean;
  estimate?: number;
  /** How the estimate was made (and from which dated price). */
  estimateBasis?: string;
  defaults: Record<string, unknown>;
  /** Input fields this model's schema does not have (fal ignores them). */
  ignored?: string[];
}

/** Fields not in the schema: a near miss of a real one is refused ("did you mean"), others are named. */
function unknownFields(endpointId: string, input: Record<string, unknown>, known: string[]): string[] {
  const extra: string[] = [];
  for (const k in input) if (!known.includes(k)) extra.push(k);
  for (const k of extra) {
    const near = nearestName(k, known);
    if (near)
      throw new ToolFailure(
        `${endpointId} has no input field "${k}": did you mean "${near}"? Nothing was sent. Call get_model_schema with endpoint_id "${endpointId}" to see every field.`,
      );
  }
  return extra;
}

/** A model's input field names, listed once per model module. */
const names = new WeakMap<object, string[]>();
function fieldNames(mod: { compact: { input: { name: string }[] } }): string[] {
  let n = names.get(mod);
  if (!n) {
    n = mod.compact.input.map((f) => f.name);
    names.set(mod, n);
  }
  return n;
}

/** Two field names for the same thing: one's words contain the other's, plurals aside (image_url ⊂ start_image_url). */
function sameThing(a: string, b: string): boolean {
  const words = (n: string) =>
    n
      .toLowerCase()
      .split(/[_\W]+/)
      .filter(Boolean)
      .map((w) => w.replace(/s$/, ""));
  const [x, y] = [words(a), words(b)];
  if (!x.length || !y.length) return false;
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  return short.every((w) => long.includes(w)) && short.length >= Math.min(2, long.length);
}

/** Validate against the model's generated Zod schema before fal is called; apply the cost cap. */
export async function prepare(
  endpointId: string,
  input: Record<string, unknown>,
  maxCost: number | undefined,
  ctx: ToolContext,
): Promise<PreparedCall> {
  if (!ctx.allowModel(endpointId)) throw new ToolFailure(outsideModels(endpointId));
  const mod = await loadModel(endpointId);
  // Cheap bounds first: schema validation of a huge input would block the event loop for everyone.
  checkInputBounds(input, mod?.input, endpointId);
  if (!mod) {
    // Listed by fal's live catalog but newer than this build: fal validates it; say so.
    if (!current().byId.has(endpointId)) throw new ToolFailure(unknownEndpoint(endpointId));
    if (maxCost !== undefined)
      throw new ToolFailure(
        `max_cost_usd is set but ${endpointId} is newer than this server's schemas, so the cost cannot be checked; not running it.`,
      );
    return { input, defaults: {}, unvalidated: true };
  }
  const ignored = unknownFields(endpointId, input, fieldNames(mod));
  const parsed = mod.input.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const at = i.path.join(".") || "input";
      const got = i.path.reduce<unknown>(
        (o, k) => (o == null || typeof o !== "object" ? undefined : (o as Record<PropertyKey, unknown>)[k]),
        input,
      );
      const missing = got === undefined && i.code === "invalid_type";
      // A required field missing beside an unknown one that names the same thing ("image_url" sent,
      // "start_image_url" wanted; "image_url" vs "image_urls"): say which one was meant.
      const meant = missing && i.path.length === 1 ? ignored.find((k) => sameThing(k, String(i.path[0]))) : undefined;
      return `- ${at}: ${missing ? "required field is missing" : i.message}${meant ? ` (you sent "${meant}", which this model does not have: rename it to "${at}")` : ""}${got !== undefined ? ` (got ${JSON.stringify(got)?.slice(0, 60)})` : ""}`;
    });
    throw new ToolFailure(
      `The input for ${endpointId} is invalid:\n${lines.join("\n")}\nCall get_model_schema with endpoint_id "${endpointId}" to see every field, type and default.`,
    );
  }
  const full = parsed.data as Record<string, unknown>;
  const defaults = billingFields(full, input);
  let estimate: number | undefined;
  let estimateBasis: string | undefined;
  if (maxCost === undefined) {
    // Always say what a run will cost when a price is known: the dated snapshot (no extra call to fal).
    const p = priceById.get(endpointId);
    const est = p ? estimateCost(p, full) : undefined;
    if (p && est?.usd !== undefined) {
      estimate = est.usd;
      estimateBasis = `${est.basis}; fal's price as of ${p.as_of ?? "an unknown date"}`;
    }
  } else {
    const { prices } = await lookupPrices([endpointId], ctx);
    const p = prices[0];
    if (!p)
      throw new ToolFailure(
        `max_cost_usd is set but no price is known for ${endpointId}, so the cost cannot be checked; not running it. Remove max_cost_usd to run anyway.`,
      );
    const est = estimateCost(p, full);
    if (est.usd === undefined)
      throw new ToolFailure(`max_cost_usd is set but the cost cannot be estimated (${est.reason}); not running it.`);
    estimate = est.usd;
    estimateBasis = `${est.basis}; ${p.source === "live" ? "live price from fal" : `fal's price as of ${p.as_of ?? "an unknown date"}`}`;
    if (est.usd > maxCost)
      throw new ToolFailure(
        `Estimated cost $${est.usd} (${est.basis}${hasKeys(defaults) ? `; with fal's defaults ${defaultsWords(defaults)}` : ""}) is above max_cost_usd $${maxCost}; not submitted.`,
      );
  }
  // fal receives what the caller sent: fal applies the same defaults itself, and sending them could
  // pin values fal later changes.
  const prep: PreparedCall = { input, defaults };
  if (estimate !== undefined && estimateBasis) {
    prep.estimate = estimate;
    prep.estimateBasis = estimateBasis;
  }
  if (ignored.length) prep.ignored = ignored;
  return prep;
}

/** Structured facts about the call's cost, defaults and ignored fields, for every answer about it (added to `facts`). */
export function callFacts(prep: PreparedCall, facts: Record<string, unknown> = {}): Record<string, unknown> {
  // Built by assignment, not spreads: these run on every fal-bound call (spreads showed in its profile).
  if (prep.estimate !== undefined) {
    facts.estimated_cost_usd = prep.estimate;
    facts.estimate_basis = prep.estimateBasis;
  }
  if (hasKeys(prep.defaults)) facts.defaults_applied = prep.defaults;
  if (prep.ignored?.length) facts.ignored_fields = prep.ignored;
  return facts;
}

/** The same facts in words: estimated cost, the defaults fal will apply, fields this model ignores. */
export function callNote(prep: PreparedCall): string {
  let note = "";
  if (prep.estimate !== undefined) note += ` Estimated cost: about $${prep.estimate} (${prep.estimateBasis}).`;
  if (hasKeys(prep.defaults)) note += ` fal applies these defaults: ${defaultsWords(prep.defaults)}.`;
  if (prep.ignored?.length) note += ` Ignored by this model (not in its schema): ${prep.ignored.join(", ")}.`;
  return note ? `\n${note.slice(1)}` : "";
}

/** `num_images=1, image_size="landscape_4_3"`: the defaults in the words every answer about a call uses. */
function defaultsWords(defaults: Record<string, unknown>): string {
  let list = "";
  for (const k in defaults) list += `${list ? ", " : ""}${k}=${JSON.stringify(defaults[k])}`;
  return list;
}

function hasKeys(o: object): boolean {
  for (const _ in o) return true;
  return false;
}

/**
 * Where a job stands, as every job answer starts: its status, ids, queue position (when queued) and fal's
 * links. check_job passes the id it was asked about, so the answer names it whatever the status body holds.
 */
export function jobState(endpointId: string, s: QueueStatus, requestId: string = s.request_id): Record<string, unknown> {
  const state: Record<string, unknown> = { status: s.status, endpoint_id: endpointId, request_id: requestId };
  if (s.queue_position !== undefined) state.queue_position = s.queue_position;
  if (s.status_url) state.status_url = s.status_url;
  if (s.response_url) state.response_url = s.response_url;
  if (s.cancel_url) state.cancel_url = s.cancel_url;
  return state;
}

export function logLines(s: QueueStatus): string[] {
  return Array.isArray(s.logs)
    ? s.logs
        .map((l) => String(l?.message ?? ""))
        .filter(Boolean)
        .slice(-20)
    : [];
}

/** Media URLs anywhere in a model output: objects with a `url`, or `*_url` strings. */
export function findMedia(output: unknown): { url: string; content_type?: string; field: string }[] {
  const out: { url: string; content_type?: string; field: string }[] = [];
  const walk = (v: unknown, field: string, depth: number) => {
    if (depth > 6 || out.length >= 50) return;
    if (Array.isArray(v)) {
      for (const [i, x] of v.entries()) walk(x, `${field}[${i}]`, depth + 1);
    } else if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (typeof o.url === "string" && /^https?:/.test(o.url))
        out.push({ url: o.url, ...(typeof o.content_type === "string" ? { content_type: o.content_type } : {}), field });
      else for (const [k, x] of Object.entries(o)) walk(x, field ? `${field}.${k}` : k, depth + 1);
    } else if (typeof v === "string" && /_url$/.test(field) && /^https?:/.test(v)) out.push({ url: v, field });
  };
  walk(output, "", 0);
  return out;
}

/**
 * With --inline-images, the first small image of a result also comes as image content (fetched through
 * the SSRF guard: a result's URLs can echo a caller's input). Anything large stays a link.
 */
export async function withInlineImage(result: CallToolResult, ctx: ToolContext): Promise<CallToolResult> {
  const media = result.structuredContent?.media as { url: string; content_type?: string }[] | undefined;
  const img = ctx.inlineImages
    ? media?.find((m) => (m.content_type ?? "").startsWith("image/") || /\.(png|jpe?g|webp|gif)$/i.test(m.url))
    : undefined;
  if (!img) return result;
  try {
    const got = await ctx.guard.fetchBytes(img.url, ctx.signal, INLINE_IMAGE_MAX_BYTES);
    const mimeType = (got.contentType ?? img.content_type ?? "").split(";")[0]!;
    if (got.bytes.length > INLINE_IMAGE_MAX_BYTES || !mimeType.startsWith("image/")) return result;
    let bin = "";
    for (let i = 0; i < got.bytes.length; i += 0x8000) bin += String.fromCharCode(...got.bytes.subarray(i, i + 0x8000));
    return { ...result, content: [...result.content, { type: "image", data: btoa(bin), mimeType }] };
  } catch {
    return result; // the link is still there; an inline copy is a convenience
  }
}

/** A completed result: URLs in structuredContent, resource_links, and text; large data URIs never inlined. */
export function completedResult(endpointId: string, requestId: string, output: unknown, extra: Record<string, unknown>): CallToolResult {
  const media = findMedia(output);
  const slim = JSON.parse(
    JSON.stringify(output ?? {}, (_k, v) =>
      typeof v === "string" && v.startsWith("data:") && v.length > 2048 ? `[data URI, ${v.length} chars, omitted]` : v,
    ),
  );
  const text =
    `Completed ${endpointId} (request ${requestId}).` +
    (media.length ? `\n${media.map((m) => `- ${m.field}: ${m.url}${m.content_type ? ` (${m.content_type})` : ""}`).join("\n")}` : "") +
    `\nResult: ${JSON.stringify(slim).slice(0, 4000)}`;
  return {
    content: [
      { type: "text", text },
      ...media.slice(0, 20).map((m) => ({
        type: "resource_link" as const,
        uri: m.url,
        name: m.field || "output",
        ...(m.content_type ? { mimeType: m.content_type } : {}),
      })),
    ],
    structuredContent: { status: "COMPLETED", endpoint_id: endpointId, request_id: requestId, result: slim, media, ...extra },
  };
}

/**
 * A job still running when the wait ends. `requestId` is the id the submit answered with: a later status
 * (from a stream or a poll) is not trusted to name it, so a status without one cannot lose the job.
 */
export function pending(endpointId: string, s: QueueStatus, extra: Record<string, unknown>, why: string, requestId = s.request_id) {
  const next = `Call check_job with endpoint_id "${endpointId}" and request_id "${requestId}" (action "status", then "result" once COMPLETED).`;
  return ok(
    {
      ...jobState(endpointId, s, requestId),
      logs: logLines(s),
      next_step: next,
      ...extra,
    },
    `Still ${s.status} (${why}); the job keeps running on fal. request_id: ${requestId}. ${next}`,
  );
}

export function failedJob(endpointId: string, s: QueueStatus, requestId = s.request_id) {
  const err = String(s.error);
  // fal ends a cancelled job as COMPLETED with error_type client_cancelled: the end asked for, not a failure.
  if (s.error_type === "client_cancelled")
    return ok(
      { status: "CANCELLED", endpoint_id: endpointId, request_id: requestId, error: err, logs: logLines(s) },
      `${endpointId} request ${requestId} was cancelled before it finished; it will give no result (submit it again to rerun it).`,
    );
  return {
    content: [
      { type: "text" as const, text: `${endpointId} failed (request ${requestId}): ${err}${s.error_type ? ` [${s.error_type}]` : ""}.` },
    ],
    structuredContent: { status: "FAILED", endpoint_id: endpointId, request_id: requestId, error: err, logs: logLines(s) },
    isError: true,
  };
}
