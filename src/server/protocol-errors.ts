/**
 * Malformed requests answered with a sentence. The SDK parses a request with the handler's schema
 * before the handler runs, and a failed parse goes back as a raw Zod issue dump under -32603 (Internal
 * error). Handlers registered with `sentenceRequest` check `params` themselves: a failure becomes
 * -32602 (Invalid params) naming each bad field, and a good request passes on unchanged (the SDK's own
 * checks still run afterwards, and find nothing left to refuse).
 */
import { z } from "zod";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";

type Issue = { path: PropertyKey[]; message: string };

/** "params.name: expected a string" style lines from validation issues. */
export function issuesAsSentence(issues: readonly Issue[]): string {
  return issues.map((i) => `${["params", ...i.path.map(String)].join(".")}: ${i.message.replace(/^Invalid input: /, "")}`).join("; ");
}

/**
 * A request schema for `method` whose params are checked with `params` (the SDK's own params schema),
 * throwing a sentence on failure. Only `method` and `params` are looked at: the rest passes through.
 */
export function sentenceRequest<M extends string, P extends z.ZodType>(method: M, params: P, what: string) {
  return z.looseObject({
    method: z.literal(method),
    params: z.unknown().transform((v) => {
      const r = params.safeParse(v);
      if (!r.success) throw new McpError(ErrorCode.InvalidParams, `Invalid ${what}: ${issuesAsSentence(r.error.issues)}.`);
      return r.data as z.output<P>;
    }),
  });
}
