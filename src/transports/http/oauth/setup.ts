/**
 * OAuth wired to this server's fal URLs: the key check is a cheap authenticated read fal really
 * authenticates (`GET /v1/models/pricing` for one endpoint: "Authentication: Required", spends nothing),
 * and client metadata documents come through their own tightly bounded SSRF guard.
 */
import { createFalClient } from "../../../fal/client.js";
import { FalAuthError, FalNotFoundError, FalValidationError } from "../../../fal/errors.js";
import { createUrlGuard, type UrlGuard } from "../../../net/guard.js";
import type { ServerOptions } from "../../../server/options.js";
import { USER_AGENT } from "../../../server/identity.js";
import type { KeyCheck, OAuth } from "./contract.js";
import { createOAuth } from "./index.js";
import type { TokenSecret } from "./seal.js";

export interface OAuthConfig {
  secrets: TokenSecret[];
  publicUrl?: string;
  /** false on runtimes without DNS (Workers); see net/guard.ts. */
  resolveNames?: boolean;
  /** Tests inject a guard with their own resolver; otherwise one is built here. */
  guard?: UrlGuard;
}

export function oauthFor(opts: ServerOptions, cfg: OAuthConfig): OAuth {
  const guard =
    cfg.guard ??
    createUrlGuard({
      maxBytes: 16 * 1024,
      timeoutMs: 5_000,
      maxRedirects: 2,
      ...(cfg.resolveNames === false ? { resolveNames: false } : {}),
    });
  const checkKey = async (key: string, signal: AbortSignal): Promise<KeyCheck> => {
    const fal = createFalClient({
      key,
      urls: opts.urls,
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
      timeoutMs: 10_000,
      retry: { retries: 1, baseMs: 200, maxMs: 1_000 },
      userAgent: USER_AGENT,
    });
    try {
      await fal.pricing(["fal-ai/flux/dev"], { signal });
      return "ok";
    } catch (e) {
      if (e instanceof FalAuthError) return "refused";
      // Past authentication, an unknown endpoint or a refused query still proves the key was accepted.
      if (e instanceof FalNotFoundError || e instanceof FalValidationError) return "ok";
      return "unavailable";
    }
  };
  return createOAuth({ secrets: cfg.secrets, ...(cfg.publicUrl ? { publicUrl: cfg.publicUrl } : {}), guard, checkKey });
}
