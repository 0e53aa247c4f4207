/** Zod issues → fal's FastAPI-style 422 `detail[]` (`loc`, `msg`, `type`; docs/fal-contract.md §4.1). */
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
  const at = (path: PropertyKey[]) =>
    path.reduce<unknown>((o, k) => (o == null ? undefined : (o as Record<PropertyKey, unknown>)[k]), input);
  return error.issues.map((i): FalDetail => {
    const loc = ["body", ...i.path.map((p: PropertyKey) => (typeof p === "symbol" ? String(p) : p))];
    switch (i.code) {
      case "invalid_type":
        if (at(i.path) === undefined) return { loc, msg: "Field required", type: "missing" };
        return { loc, msg: `Input should be a valid ${i.expected}`, type: `${i.expected}_type` };
      case "too_small":
        return bound(loc, i, "min");
      case "too_big":
        return bound(loc, i, "max");
      case "invalid_value":
        return {
          loc,
          msg: `Input should be ${(i.values ?? []).map((v) => JSON.stringify(v)).join(", ")}`,
          type: "literal_error",
          ctx: { expected: i.values },
        };
      case "invalid_union":
        return { loc, msg: "Input does not match any allowed form", type: "union_error" };
      default:
        return { loc, msg: i.message, type: i.code };
    }
  });
}

/** too_small and too_big: the same three shapes (string, list, number), in pydantic's words for each side. */
function bound(loc: FalDetail["loc"], i: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig, side: "min" | "max"): FalDetail {
  const min = side === "min";
  const n = "minimum" in i ? i.minimum : i.maximum;
  const most = min ? "at least" : "at most";
  if (i.origin === "string")
    return {
      loc,
      msg: `String should have ${most} ${n} characters`,
      type: min ? "string_too_short" : "string_too_long",
      ctx: { [`${side}_length`]: n },
    };
  if (i.origin === "array")
    return { loc, msg: `List should have ${most} ${n} items`, type: min ? "too_short" : "too_long", ctx: { [`${side}_length`]: n } };
  const word = min ? "greater" : "less";
  const key = min ? (i.inclusive ? "ge" : "gt") : i.inclusive ? "le" : "lt";
  return {
    loc,
    msg: `Input should be ${word} than${i.inclusive ? " or equal to" : ""} ${n}`,
    type: `${word}_than${i.inclusive ? "_equal" : ""}`,
    ctx: { [key]: n },
  };
}
