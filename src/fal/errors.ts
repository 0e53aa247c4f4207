/**
 * fal's errors as a few classes, each keeping the HTTP status and the parsed body, mapped once from a
 * response (docs/fal-contract.md §1.1, §4): the platform's `{error:{type,message}}` and the queue's `{detail}`.
 */
export class FalError extends Error {
  override name = "FalError";
  constructor(
    message: string,
    readonly status: number,
    readonly body: unknown,
    readonly requestId?: string,
  ) {
    super(message);
  }
}
/** 401/403: the key is missing, wrong, or lacks a permission. */
export class FalAuthError extends FalError {
  override name = "FalAuthError";
}
/** 400/422: fal rejected the input; `fieldErrors` lists each offending field when fal gave them. */
export class FalValidationError extends FalError {
  override name = "FalValidationError";
  get fieldErrors(): { loc: (string | number)[]; msg: string; type: string }[] {
    const d = (this.body as FalErrorBody | undefined)?.detail;
    return Array.isArray(d) ? d : [];
  }
}
/** 404: unknown endpoint or request id (or an expired result). */
export class FalNotFoundError extends FalError {
  override name = "FalNotFoundError";
}
/** 429: rate or concurrency limit; `retryAfterSeconds` from `Retry-After` when given. */
export class FalRateLimitError extends FalError {
  override name = "FalRateLimitError";
  constructor(
    message: string,
    status: number,
    body: unknown,
    requestId: string | undefined,
    readonly retryAfterSeconds?: number,
  ) {
    super(message, status, body, requestId);
  }
}
/** 5xx, network failures and timeouts: fal (or the path to it) failed, not the caller. */
export class FalUpstreamError extends FalError {
  override name = "FalUpstreamError";
}

/** The one sentence fal put in the body, whichever of its error shapes it used. */
/** The shapes fal's error bodies take: platform `{error: {message}}`, queue/run `{detail}` (a sentence or FastAPI's list), others. */
interface FalErrorBody {
  error?: { message?: unknown };
  detail?: unknown;
  message?: unknown;
  status?: unknown;
}
type FieldDetail = { loc?: (string | number)[]; msg?: string };

export function messageOf(body: unknown, fallback: string): string {
  const b = body as FalErrorBody | undefined;
  if (typeof b?.error?.message === "string") return b.error.message;
  if (typeof b?.detail === "string") return b.detail;
  if (Array.isArray(b?.detail) && b.detail.length)
    return (b.detail as FieldDetail[]).map((d) => `${(d.loc ?? []).filter((l) => l !== "body").join(".") || "input"}: ${d.msg}`).join("; ");
  if (typeof b?.message === "string") return b.message;
  if (typeof b?.status === "string") return b.status;
  return fallback;
}

export function retryAfterSeconds(h: string | null): number | undefined {
  if (!h) return undefined;
  const n = Number(h);
  if (Number.isFinite(n) && n >= 0) return n;
  const at = Date.parse(h);
  return Number.isFinite(at) ? Math.max(0, (at - Date.now()) / 1000) : undefined;
}

export function errorFromResponse(status: number, body: unknown, headers: Headers): FalError {
  const requestId = headers.get("x-fal-request-id") ?? undefined;
  const msg = messageOf(body, `fal answered HTTP ${status}`);
  if (status === 401 || status === 403) return new FalAuthError(msg, status, body, requestId);
  if (status === 404) return new FalNotFoundError(msg, status, body, requestId);
  if (status === 429) return new FalRateLimitError(msg, status, body, requestId, retryAfterSeconds(headers.get("retry-after")));
  if (status === 400 || status === 422) return new FalValidationError(msg, status, body, requestId);
  if (status >= 500 || status === 499) return new FalUpstreamError(msg, status, body, requestId);
  return new FalError(msg, status, body, requestId);
}
