/** Flag parsing for the CLI: a bad flag is one sentence (a UsageError, exit code 2), never a stack trace. */
import { parseArgs, type ParseArgsConfig } from "node:util";

export class UsageError extends Error {}
export const fail = (msg: string): never => {
  throw new UsageError(msg);
};

// Number("") and Number(" ") are 0: an empty value (an unset shell variable) is refused by parse() below.
const blank = (v: string) => v.trim() === "";

export function num(v: string | undefined, name: string, dflt: number, max = Number.MAX_SAFE_INTEGER): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || n > max) fail(`--${name} must be a number between 0 and ${max}, got "${v}"`);
  return n;
}

/** A whole number from min to max: ports, counts (2.5 workers would fork 3). */
export function int(v: string | undefined, name: string, dflt: number, min: number, max: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) fail(`--${name} must be a whole number from ${min} to ${max}, got "${v}"`);
  return n;
}
export const atLeastOne = (n: number, name: string) => (n >= 1 ? n : fail(`--${name} must be at least 1, got ${n}`));
export const list = (v: string | undefined) =>
  v
    ? v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;

/**
 * Parsed flags: parseArgs has already checked each against the option table (a string for a valued
 * option, a boolean for a switch), and each flag is read as what its option declares.
 */
// biome-ignore lint/suspicious/noExplicitAny: per-flag types come from the option table, which parseArgs enforces
export type CliValues = Record<string, any>;

export function parse(args: string[], options: ParseArgsConfig["options"], allowPositionals = false) {
  let parsed: { values: CliValues; positionals: string[] };
  try {
    // A stray word (`serve extra`) is refused by parseArgs, not ignored.
    parsed = parseArgs({ args, options, allowPositionals }) as typeof parsed;
  } catch (e) {
    return fail((e as Error).message);
  }
  // An empty value (`--host "$UNSET"`) is a mistake, never "use the default": --host "" bound every interface.
  for (const [k, v] of Object.entries(parsed.values))
    if (typeof v === "string" && blank(v)) fail(`--${k} is empty: give it a value, or leave it out`);
  return parsed;
}
