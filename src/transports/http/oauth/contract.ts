/** The OAuth module's public shape, its token lifetimes, and what its route modules share. */
import type { UrlGuard } from "../../../net/guard.js";
import type { HttpIn, HttpOut } from "../types.js";
import type { ClientStore } from "./clients.js";
import type { UserLimits } from "./limits.js";
import type { Sealer, TokenSecret } from "./seal.js";

/** Lifetimes in seconds: a code is redeemed at once; a form waits for a person to paste a key. */
export const CODE_TTL = 60;
export const ACCESS_TTL = 3600;
export const REFRESH_TTL = 30 * 24 * 3600;
export const FORM_TTL = 10 * 60;

/** The outcome of checking a key with fal: refused (401/403), or fal could not answer. */
export type KeyCheck = "ok" | "refused" | "unavailable";

export interface OAuthOptions {
  secrets: TokenSecret[];
  /** `--public-url`: the origin clients reach (behind a proxy). Otherwise the request's own origin. */
  publicUrl?: string;
  /** Fetches client metadata documents: the SSRF guard, bounded. */
  guard: UrlGuard;
  /** A cheap authenticated call to fal with this key. */
  checkKey(key: string, signal: AbortSignal): Promise<KeyCheck>;
}

export type BearerResult = { ok: true; key: string; limits: UserLimits } | { ok: false; description: string };

export interface OAuth {
  /** Answers the OAuth routes; undefined for any other path. */
  route(inp: HttpIn): Promise<HttpOut | undefined>;
  /** Whether a bearer value is one of our access tokens (else it is a raw fal key). */
  isToken(value: string): boolean;
  /** Opens an access token presented to this resource. */
  verify(token: string, inp: HttpIn): Promise<BearerResult>;
  /** The `WWW-Authenticate` value for a 401 from /mcp. */
  challenge(inp: HttpIn, error?: { code: string; description: string }): string;
}

/** What the route modules (authorize, token, register) are given by `createOAuth`. */
export interface OAuthContext {
  sealer: Sealer;
  clients: ClientStore;
  checkKey: OAuthOptions["checkKey"];
}
