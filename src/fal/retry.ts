/**
 * Retries for idempotent fal calls only (status, result, search, pricing): 429/502/503/504 and network
 * errors, exponential backoff with ±25 % jitter, honouring `Retry-After` (as @fal-ai/client does,
 * docs/fal-contract.md §2.7). A submit is never retried blindly: a lost answer would run (and bill) twice.
 */
import { FalRateLimitError, FalUpstreamError } from "./errors.js";

export interface RetryPolicy {
  retries: number;
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 3, baseMs: 300, maxMs: 10_000 };

export function isRetryable(e: unknown): boolean {
  if (e instanceof FalRateLimitError) return true;
  if (e instanceof FalUpstreamError) {
    // A user-set time-to-start deadline is the caller's decision, not a fault to retry.
    if ((e.body as { error_type?: unknown } | undefined)?.error_type === "request_timeout" && e.status === 504) return false;
    return e.status === 0 || e.status === 502 || e.status === 503 || e.status === 504 || e.status === 500;
  }
  return false;
}

export async function withRetry<T>(op: () => Promise<T>, policy: RetryPolicy, signal?: AbortSignal): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await op();
    } catch (e) {
      if (attempt >= policy.retries || !isRetryable(e) || signal?.aborted) throw e;
      const backoff = Math.min(policy.maxMs, policy.baseMs * 2 ** attempt) * (0.75 + Math.random() * 0.5);
      const hinted = e instanceof FalRateLimitError && e.retryAfterSeconds !== undefined ? e.retryAfterSeconds * 1000 : 0;
      await sleep(Math.min(policy.maxMs, Math.max(backoff, hinted)), signal);
    }
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
