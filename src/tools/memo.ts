/**
 * Answers that are a pure function of their arguments and of an immutable value (the catalog a request
 * sees) are made once and shared: a repeated `search_models` is the common case for a hosted endpoint
 * (agents re-ask the same question), and shaping the answer cost more than finding it (profiled: ~30 µs
 * of a ~35 µs call). Shared answers are frozen, so no caller can change what the next one gets, and their
 * JSON is made once too (`sharedJson`, what the HTTP fast path writes).
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";

/** Per scope, at most this many answers and this many bytes of their JSON; the oldest go first. */
export const MEMO_MAX_ANSWERS = 500;
export const MEMO_MAX_BYTES = 4 * 1024 * 1024;

interface Memo {
  answers: Map<string, CallToolResult>;
  bytes: number;
}
const byScope = new WeakMap<object, Memo>();
const encoded = new WeakMap<object, Uint8Array<ArrayBuffer>>();
// TextEncoder, not Buffer: the fetch adapter (Workers, Deno, Bun) runs this too.
const utf8 = new TextEncoder();

/** The answer for `key` within `scope` (collected with the scope), made by `make` the first time. */
export async function memoAnswer(scope: object, key: string, make: () => Promise<CallToolResult>): Promise<CallToolResult> {
  let memo = byScope.get(scope);
  if (!memo) {
    memo = { answers: new Map(), bytes: 0 };
    byScope.set(scope, memo);
  }
  const hit = memo.answers.get(key);
  if (hit) return hit;
  const made = await make();
  // Failures are cheap to make again and may depend on more than the key (never shared).
  if (made.isError) return made;
  // Concurrent first calls each made one: the first kept is the one shared (and counted once).
  const kept = memo.answers.get(key);
  if (kept) return kept;
  deepFreeze(made);
  // Measured by its JSON, made now once for every later writer: a limit-100 answer is ~100 times a small one.
  const json = utf8.encode(JSON.stringify(made));
  encoded.set(made, json);
  if (json.length > MEMO_MAX_BYTES / 4) return made;
  memo.answers.set(key, made);
  memo.bytes += json.length;
  for (const [k, old] of memo.answers) {
    if (memo.answers.size <= MEMO_MAX_ANSWERS && memo.bytes <= MEMO_MAX_BYTES) break;
    memo.answers.delete(k);
    memo.bytes -= encoded.get(old)!.length;
  }
  return made;
}

function deepFreeze(v: unknown): void {
  if (v === null || typeof v !== "object" || Object.isFrozen(v)) return;
  Object.freeze(v);
  for (const x of Object.values(v)) deepFreeze(x);
}

/**
 * The UTF-8 JSON of a frozen (shared, unchangeable) result, made once; undefined for any other. Bytes,
 * not text: a string answer is measured and encoded again on every write (profiled: ~10 % of a call).
 */
export function sharedJson(result: object): Uint8Array<ArrayBuffer> | undefined {
  if (!Object.isFrozen(result)) return undefined;
  let b = encoded.get(result);
  if (!b) {
    b = utf8.encode(JSON.stringify(result));
    encoded.set(result, b);
  }
  return b;
}
