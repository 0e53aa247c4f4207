/**
 * Bounds on tool arguments, checked before any heavy work (schema validation, base64 decoding, a call
 * to fal). Validating a model input with Zod costs time in proportion to its number of values and runs
 * on the event loop: one 15 MB input holding millions of `{}` blocked every other call for seconds. So
 * one cheap walk, which stops at the first bound broken, comes first; each refusal names its bound.
 */
import type { ZodType } from "zod";
import { ToolFailure } from "./context.js";

export const INPUT_BOUNDS = {
  /** Characters of the input as JSON (about its bytes): big media belongs in upload_file and a URL. */
  maxChars: 10 * 1024 * 1024,
  /** Nesting of objects and arrays; fal's schemas nest a handful of levels. */
  maxDepth: 32,
  /** Values in the whole input (objects, arrays, strings, numbers, …): bounds the validation time. */
  maxValues: 50_000,
  /** Elements of one array where the model's schema sets no maxItems. */
  maxArrayItems: 5_000,
} as const;

/** A raw request body is refused before JSON.parse past this many values (see countJsonValues). */
export const MAX_BODY_VALUES = 100_000;

/**
 * Counts the values of a JSON text (each `{`, `[` and `,` outside strings), stopping once past `max`.
 * Strings are skipped with indexOf, so a large base64 payload costs one native scan; an input of
 * millions of tiny values is refused after `max` of them, before JSON.parse builds any of them.
 */
export function countJsonValues(text: string, max: number): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // Find the closing quote: one not preceded by an odd run of backslashes.
      let j = i;
      for (;;) {
        j = text.indexOf('"', j + 1);
        if (j < 0) return n; // unterminated: JSON.parse will say so
        let k = j - 1;
        while (text.charCodeAt(k) === 92) k--;
        if ((j - 1 - k) % 2 === 0) break;
      }
      i = j;
    } else if (c === 123 || c === 91 || c === 44) {
      if (++n > max) return n;
    }
  }
  return n;
}

/**
 * The slice of Zod 4's internal definition (`_zod.def`) this walk reads. It is not Zod's public API, so
 * it is typed here, narrowly, rather than cast to any: a Zod upgrade that moves it fails the bounds tests.
 */
interface ZodNode {
  _zod?: { def?: ZodDef };
}
interface ZodDef {
  type?: string;
  options?: ZodNode[];
  innerType?: ZodNode;
  element?: ZodNode;
  shape?: Record<string, ZodNode>;
  checks?: ZodNode[];
  check?: string;
  maximum?: number;
}

/** The Zod schema under optional/default/nullable/union wrappers: the array or object that matters. */
function core(schema: ZodNode | undefined, kind: "array" | "object"): ZodNode | undefined {
  let t: ZodNode | undefined = schema;
  for (let hops = 0; t && hops < 8; hops++) {
    const def = t._zod?.def;
    if (!def) return undefined;
    if (def.type === kind) return t;
    if (def.type === "union") return def.options?.map((o) => core(o, kind)).find(Boolean);
    t = def.innerType;
  }
  return undefined;
}

const arrayMax = (s: ZodNode | undefined): number | undefined =>
  s?._zod?.def?.checks?.find((c) => c._zod?.def?.check === "max_length")?._zod?.def?.maximum;

/**
 * Throws a ToolFailure naming the first bound the input breaks. `schema` is the model's generated
 * input schema when there is one: its arrays' maxItems apply where it sets them. Iterative (an explicit
 * stack), so a deep input cannot overflow the call stack either.
 */
export function checkInputBounds(input: unknown, schema: ZodType | undefined, endpointId: string): void {
  const B = INPUT_BOUNDS;
  const stack: { v: unknown; s: ZodNode | undefined; path: string; depth: number }[] = [
    { v: input, s: schema as ZodNode | undefined, path: "input", depth: 0 },
  ];
  let values = 0;
  let chars = 0;
  const refuse = (why: string) => {
    throw new ToolFailure(
      `The input for ${endpointId} is refused before validation: ${why}. Send large media with upload_file and pass its URL instead.`,
    );
  };
  while (stack.length) {
    const { v, s, path, depth } = stack.pop()!;
    if (++values > B.maxValues) refuse(`it holds more than ${B.maxValues} values (objects, arrays, strings, numbers)`);
    if (typeof v === "string") chars += v.length + 2;
    else if (v === null || typeof v !== "object") chars += 8;
    else if (Array.isArray(v)) {
      if (depth >= B.maxDepth) refuse(`${path} is nested more than ${B.maxDepth} levels deep`);
      const arr = core(s, "array");
      const max = arrayMax(arr) ?? B.maxArrayItems;
      if (v.length > max)
        refuse(
          `${path} has ${v.length} items; ${arrayMax(arr) !== undefined ? "the model's schema allows" : "this server accepts"} at most ${max}`,
        );
      chars += 2 + v.length;
      if (values + stack.length + v.length > B.maxValues)
        refuse(`it holds more than ${B.maxValues} values (objects, arrays, strings, numbers)`);
      const el = arr?._zod?.def?.element;
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], s: el, path: `${path}[${i}]`, depth: depth + 1 });
    } else {
      if (depth >= B.maxDepth) refuse(`${path} is nested more than ${B.maxDepth} levels deep`);
      const shape = core(s, "object")?._zod?.def?.shape;
      chars += 2;
      for (const k in v as Record<string, unknown>) {
        chars += k.length + 4;
        if (values + stack.length >= B.maxValues) refuse(`it holds more than ${B.maxValues} values (objects, arrays, strings, numbers)`);
        stack.push({ v: (v as Record<string, unknown>)[k], s: shape?.[k], path: `${path}.${k}`, depth: depth + 1 });
      }
    }
    if (chars > B.maxChars) refuse(`it is over ${B.maxChars} characters as JSON`);
  }
}
