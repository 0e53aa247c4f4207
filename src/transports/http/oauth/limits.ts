/**
 * Limits a user sets for one connection on the sign-in page, carried (sealed) in its tokens and applied
 * exactly like the operator's flags: read-only like `--read-only`, model globs like `--allow-models`
 * (both must allow a model), a cost ceiling like `max_cost_usd` on every run/submit (the lower wins).
 */
import { globMatcher } from "../../../server/options.js";
import { type Prepared, withUi } from "../../../server/prepare.js";
import { READ_ONLY } from "../../../tools/traits.js";

export interface UserLimits {
  readOnly?: true;
  models?: string[];
  maxCostUsd?: number;
}

const GLOB = /^[A-Za-z0-9_.\-/*]{1,200}$/;

/** The form's fields, checked: a sentence for each mistake, never a silent default. */
export function parseLimitsForm(form: URLSearchParams): { ok: true; limits: UserLimits } | { ok: false; message: string } {
  const limits: UserLimits = {};
  if (form.get("read_only") === "on") limits.readOnly = true;
  const models = (form.get("models") ?? "").split(/[\s,]+/).filter(Boolean);
  if (models.length > 20) return { ok: false, message: "Allowed models: at most 20 patterns." };
  const bad = models.find((g) => !GLOB.test(g));
  if (bad)
    return {
      ok: false,
      message: `Allowed models: "${bad.slice(0, 60)}" is not a model id pattern (letters, digits, - _ . / and * only, e.g. fal-ai/flux/*).`,
    };
  if (models.length) limits.models = models;
  const cost = (form.get("max_cost_usd") ?? "").trim();
  if (cost) {
    const n = Number(cost);
    if (!Number.isFinite(n) || n <= 0 || n > 10_000)
      return {
        ok: false,
        message: `Maximum cost per call must be a number of US dollars above 0 and at most 10000, got "${cost.slice(0, 20)}".`,
      };
    limits.maxCostUsd = n;
  }
  return { ok: true, limits };
}

/** Limits as read back from a token: anything malformed is refused, never widened. */
export function limitsFromClaim(v: unknown): UserLimits | undefined {
  if (v === undefined) return {};
  if (!v || typeof v !== "object") return undefined;
  const o = v as Record<string, unknown>;
  const out: UserLimits = {};
  if (o.readOnly === true) out.readOnly = true;
  if (o.models !== undefined) {
    if (!Array.isArray(o.models) || !o.models.every((g) => typeof g === "string" && GLOB.test(g))) return undefined;
    out.models = o.models as string[];
  }
  if (o.maxCostUsd !== undefined) {
    if (typeof o.maxCostUsd !== "number" || !(o.maxCostUsd > 0)) return undefined;
    out.maxCostUsd = o.maxCostUsd;
  }
  return out;
}

export const hasLimits = (l: UserLimits) => Boolean(l.readOnly || l.models?.length || l.maxCostUsd !== undefined);

/** One line for the page and the logs, e.g. "read-only; models fal-ai/flux/*; at most $0.10 a call". */
export function describeLimits(l: UserLimits): string {
  const parts = [
    l.readOnly ? "read-only" : "",
    l.models?.length ? `models ${l.models.join(", ")}` : "",
    l.maxCostUsd !== undefined ? `at most $${l.maxCostUsd} a call` : "",
  ].filter(Boolean);
  return parts.length ? parts.join("; ") : "no limits";
}

/**
 * The server's prepared tool set narrowed by a user's limits. Cached per distinct limits: a connection
 * reuses one narrowed copy (and its serialized tools/list) for every request.
 */
const cache = new WeakMap<Prepared, Map<string, Prepared>>();
export function restrictPrepared(base: Prepared, limits: UserLimits): Prepared {
  if (!hasLimits(limits)) return base;
  let perBase = cache.get(base);
  if (!perBase) {
    perBase = new Map();
    cache.set(base, perBase);
  }
  const id = JSON.stringify(limits);
  const hit = perBase.get(id);
  if (hit) return hit;
  const userAllows = globMatcher(limits.models);
  const allowModel = (m: string) => base.allowModel(m) && userAllows(m);
  const enabled = new Set([...base.enabled].filter((n) => !limits.readOnly || READ_ONLY.has(n)));
  const modelTools = limits.readOnly ? new Map() : new Map([...base.modelTools].filter(([, t]) => allowModel(t.endpointId)));
  const keep = new Set<string>([...enabled, ...modelTools.keys()]);
  const list = base.list.filter((t) => keep.has(t.name));
  const portable = base.portable.filter((t) => keep.has(t.name));
  const out: Prepared = withUi({
    ...base,
    list,
    listJson: JSON.stringify({ tools: list }),
    portable,
    enabled,
    modelTools,
    allowModel,
    ...(limits.maxCostUsd !== undefined ? { maxCostUsd: limits.maxCostUsd } : {}),
  });
  if (perBase.size >= 256) perBase.delete(perBase.keys().next().value!);
  perBase.set(id, out);
  return out;
}
