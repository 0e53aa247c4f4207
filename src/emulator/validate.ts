/** Zod issues → fal's FastAPI-style 422 `detail[]` (`loc`, `msg`, `type`; CONTRACT.md §4.1). */
import type { z } from "zod";

export interface FalDetail {
  loc: (string | number)[];
  msg: string;
  type: string;
  input?: unknown;
  ctx?: Record<string, unknown>;
}

/** `input` is what was sent: Zod v4 issues do not carry the offending value, and "missing" needs it. */
export function falDetail(error: z.ZodError, input: unknown): FalDetail[] {
  const at = (path: PropertyKey[]) => path.reduce<any>((o, k) => (o == null ? undefined : o[k as any]), input);
  return error.issues.map((i: any) => {
    const loc = ["body", ...i.path.map((p: PropertyKey) => (typeof p === "symbol" ? String(p) : p))];
    switch (i.code) {
      case "invalid_type":
        if (at(i.path) === undefined) return { loc, msg: "Field required", type: "missing" };
        return { loc, msg: `Input should be a valid ${i.expected}`, type: `${i.expected}_type` };
      case "too_small":
        return i.origin === "string"
          ? { loc, msg: `String should have at least ${i.minimum} characters`, type: "string_too_short", ctx: { min_length: i.minimum } }
          : i.origin === "array"
            ? { loc, msg: `List should have at least ${i.minimum} items`, type: "too_short", ctx: { min_length: i.minimum } }
            : { loc, msg: `Input should be greater than${i.inclusive ? " or equal to" : ""} ${i.minimum}`, type: i.inclusive ? "greater_than_equal" : "greater_than", ctx: { [i.inclusive ? "ge" : "gt"]: i.minimum } };
      case "too_big":
        return i.origin === "string"
          ? { loc, msg: `String should have at most ${i.maximum} characters`, type: "string_too_long", ctx: { max_length: i.maximum } }
          : i.origin === "array"
            ? { loc, msg: `List should have at most ${i.maximum} items`, type: "too_long", ctx: { max_length: i.maximum } }
            : { loc, msg: `Input should be less than${i.inclusive ? " or equal to" : ""} ${i.maximum}`, type: i.inclusive ? "less_than_equal" : "less_than", ctx: { [i.inclusive ? "le" : "lt"]: i.maximum } };
      case "invalid_value":
        return { loc, msg: `Input should be ${(i.values ?? []).map((v: unknown) => JSON.stringify(v)).join(", ")}`, type: "literal_error", ctx: { expected: i.values } };
      case "invalid_union":
        return { loc, msg: "Input does not match any allowed form", type: "union_error" };
      default:
        return { loc, msg: i.message, type: i.code };
    }
  });
}
