/**
 * `/token`: the authorization_code grant (PKCE S256 only) and the refresh_token grant, each answered
 * with a fresh sealed access token and refresh token carrying the key and the user's limits.
 */
import type { HttpIn, HttpOut } from "../types.js";
import { ACCESS_TTL, type OAuthContext, REFRESH_TTL } from "./contract.js";
import { limitsFromClaim, type UserLimits } from "./limits.js";
import { isResource, noSlash, resourceOf } from "./origin.js";
import { base64url, json, oauthError, readForm } from "./responses.js";

const MAX_FORM_BYTES = 16 * 1024;
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

type Grant = { key: string; limits: UserLimits } | HttpOut;

export async function tokenRoute(ctx: OAuthContext, inp: HttpIn, base: string): Promise<HttpOut> {
  const body = await readForm(inp, MAX_FORM_BYTES);
  if (!(body instanceof URLSearchParams)) return body;
  const grantType = body.get("grant_type");
  const clientId = body.get("client_id") ?? basicClientId(inp.header("authorization"));
  if (!clientId) return oauthError(400, "invalid_request", "client_id is required (public clients send it in the body).");
  const resource = body.get("resource");
  if (resource !== null && !isResource(resource, base))
    return oauthError(400, "invalid_target", `This server issues tokens only for ${resourceOf(base)}.`);

  let grant: Grant;
  if (grantType === "authorization_code") grant = await codeGrant(ctx, body, clientId, resource, base);
  else if (grantType === "refresh_token") grant = await refreshGrant(ctx, body, clientId, base);
  else return oauthError(400, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token.");
  if (!("key" in grant)) return grant;

  const claims = { k: grant.key, l: grant.limits, cid: clientId };
  const audience = resourceOf(base);
  const [access, refresh] = await Promise.all([
    ctx.sealer.seal("access", claims, { ttlSeconds: ACCESS_TTL, audience, issuer: base }),
    ctx.sealer.seal("refresh", claims, { ttlSeconds: REFRESH_TTL, audience, issuer: base }),
  ]);
  return json(200, { access_token: access, token_type: "Bearer", expires_in: ACCESS_TTL, refresh_token: refresh }, { pragma: "no-cache" });
}

async function codeGrant(
  ctx: OAuthContext,
  body: URLSearchParams,
  clientId: string,
  resource: string | null,
  base: string,
): Promise<Grant> {
  const verifier = body.get("code_verifier") ?? "";
  if (!VERIFIER.test(verifier))
    return oauthError(400, "invalid_request", "code_verifier is required: 43-128 characters of A-Z a-z 0-9 - . _ ~ (PKCE S256).");
  let c: Record<string, unknown>;
  try {
    c = await ctx.sealer.open("code", body.get("code") ?? "", { audience: base, issuer: base });
  } catch (e) {
    return oauthError(400, "invalid_grant", `The authorization code is not valid: ${(e as Error).message}.`);
  }
  if (c.cid !== clientId) return oauthError(400, "invalid_grant", "The authorization code was issued to another client.");
  if ((body.get("redirect_uri") ?? c.ru) !== c.ru)
    return oauthError(400, "invalid_grant", "redirect_uri does not match the one the code was issued for.");
  if ((await s256(verifier)) !== c.cc) return oauthError(400, "invalid_grant", "The PKCE code_verifier does not match the code_challenge.");
  if (c.res !== undefined && resource !== null && noSlash(resource) !== noSlash(String(c.res)))
    return oauthError(400, "invalid_target", "resource does not match the one the code was issued for.");
  const limits = limitsFromClaim(c.l);
  if (typeof c.k !== "string" || !limits) return oauthError(400, "invalid_grant", "The authorization code is malformed.");
  return { key: c.k, limits };
}

async function refreshGrant(ctx: OAuthContext, body: URLSearchParams, clientId: string, base: string): Promise<Grant> {
  let r: Record<string, unknown>;
  try {
    r = await ctx.sealer.open("refresh", body.get("refresh_token") ?? "", { audience: resourceOf(base), issuer: base });
  } catch (e) {
    return oauthError(400, "invalid_grant", `The refresh token is not valid: ${(e as Error).message}.`);
  }
  if (r.cid !== clientId) return oauthError(400, "invalid_grant", "The refresh token was issued to another client.");
  const limits = limitsFromClaim(r.l);
  if (typeof r.k !== "string" || !limits) return oauthError(400, "invalid_grant", "The refresh token is malformed.");
  return { key: r.k, limits };
}

async function s256(verifier: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier))));
}

/** A public client may send its id as the user part of HTTP Basic with an empty secret. */
function basicClientId(h: string | null): string | null {
  const m = /^Basic\s+(\S+)$/i.exec(h ?? "");
  if (!m) return null;
  try {
    const [id] = atob(m[1]!).split(":");
    return id ? decodeURIComponent(id) : null;
  } catch {
    return null;
  }
}
