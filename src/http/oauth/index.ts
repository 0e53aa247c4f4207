/**
 * This server as its own OAuth 2.1 authorization server for `/mcp` (MCP authorization, 2025-11-25),
 * holding no state: codes, tokens, registered client ids and form tokens are all sealed (./seal.ts).
 *
 * - Discovery: Protected Resource Metadata (RFC 9728) and Authorization Server Metadata (RFC 8414).
 * - Clients: Dynamic Client Registration (RFC 7591) and Client ID Metadata Documents (./clients.ts).
 * - `/authorize`: a sign-in form for the user's fal key, checked against fal before any code is issued.
 * - `/token`: authorization_code (PKCE S256 only) and refresh_token grants.
 *
 * What statelessness costs: a code cannot be marked used, so PKCE (only the client holding the
 * verifier can redeem it) and its 60-second life bound a replay; tokens cannot be revoked one by one:
 * rotate FAL_MCP_TOKEN_SECRET to end every session, or rotate the fal key to end that key's.
 */
import type { UrlGuard } from "../../net/guard.js";
import type { HttpIn, HttpOut } from "../handler.js";
import { TooLarge } from "../handler.js";
import { ClientError, createClientStore, MAX_REGISTRATION_BYTES } from "./clients.js";
import { limitsFromClaim, parseLimitsForm, type UserLimits } from "./limits.js";
import { errorPage, pageHeaders, signInPage } from "./page.js";
import { redirectMatches } from "./redirects.js";
import { createSealer, SealError, type TokenSecret } from "./seal.js";

export type { UserLimits } from "./limits.js";

export const CODE_TTL = 60;
export const ACCESS_TTL = 3600;
export const REFRESH_TTL = 30 * 24 * 3600;
const FORM_TTL = 10 * 60;
const MAX_FORM_BYTES = 16 * 1024;
const CSRF_COOKIE = "fal_mcp_csrf";
const KEY_SHAPE = /^[\x21-\x7e]{8,512}$/;
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;
const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

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

export type BearerResult =
  | { ok: true; key: string; limits: UserLimits }
  | { ok: false; description: string };

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

/** `--public-url`: an http(s) origin; a path is refused rather than silently dropped. */
export function parsePublicUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new Error(`--public-url must be an absolute URL such as https://mcp.example.com, got "${raw.slice(0, 100)}"`);
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") throw new Error("--public-url must be an https URL (http only for local testing)");
  if ((u.pathname !== "/" && u.pathname !== "/mcp") || u.search || u.hash) throw new Error("--public-url is the server's origin (https://host[:port]); the MCP endpoint is always /mcp under it");
  return u.origin;
}

type Plain = { status: number; headers: Record<string, string>; body: string };
const json = (status: number, body: unknown, extra: Record<string, string> = {}): Plain => ({
  status,
  headers: { "content-type": "application/json", "cache-control": "no-store", "access-control-allow-origin": "*", ...extra },
  body: JSON.stringify(body),
});
const oauthError = (status: number, error: string, description: string) => json(status, { error, error_description: description });

export function createOAuth(o: OAuthOptions): OAuth {
  const sealer = createSealer(o.secrets);
  const clients = createClientStore({ sealer, guard: o.guard });

  const baseOf = (inp: HttpIn) => {
    if (o.publicUrl) return o.publicUrl;
    try {
      return new URL(inp.url ?? `http://${inp.header("host") ?? "localhost"}/`).origin;
    } catch {
      return "http://localhost";
    }
  };
  const resourceOf = (base: string) => `${base}/mcp`;
  // The resource indicator as clients send it: with or without one trailing slash (a common client quirk).
  const noSlash = (r: string) => r.replace(/\/$/, "");
  const isResource = (r: string, base: string) => noSlash(r) === resourceOf(base);
  const prmUrl = (base: string) => `${base}/.well-known/oauth-protected-resource/mcp`;
  const queryOf = (inp: HttpIn) => {
    const u = inp.url ?? "";
    const q = u.indexOf("?");
    return new URLSearchParams(q < 0 ? "" : u.slice(q + 1));
  };

  function protectedResourceMetadata(base: string) {
    return {
      resource: resourceOf(base),
      authorization_servers: [base],
      bearer_methods_supported: ["header"],
      resource_name: "fal-mcp",
    };
  }
  function authorizationServerMetadata(base: string) {
    return {
      issuer: base,
      authorization_endpoint: `${base}/authorize`,
      token_endpoint: `${base}/token`,
      registration_endpoint: `${base}/register`,
      response_types_supported: ["code"],
      response_modes_supported: ["query"],
      grant_types_supported: ["authorization_code", "refresh_token"],
      token_endpoint_auth_methods_supported: ["none"],
      code_challenge_methods_supported: ["S256"],
      client_id_metadata_document_supported: true,
      authorization_response_iss_parameter_supported: true,
    };
  }

  const page = (status: number, html: (nonce: string) => string, formTarget?: string, extra: Record<string, string> = {}): HttpOut => {
    const p = pageHeaders(formTarget);
    return { status, headers: { ...p.headers, ...extra }, body: html(p.nonce) };
  };
  const errorAt = (status: number, message: string) => page(status, (n) => errorPage(n, message));
  /** Where a browser is sent back: the client's URI with the answer in its query. */
  const backTo = (redirectUri: string, params: Record<string, string | undefined>) => ({
    status: 303,
    headers: { location: withParams(redirectUri, params), "cache-control": "no-store", "referrer-policy": "no-referrer" } as Record<string, string>,
    body: null,
  });
  const formTargetOf = (redirectUri: string) => {
    const u = new URL(redirectUri);
    return u.protocol === "https:" || u.protocol === "http:" ? u.origin : u.protocol;
  };

  async function readForm(inp: HttpIn, max: number): Promise<URLSearchParams | Plain> {
    if (!(inp.header("content-type") ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded"))
      return oauthError(400, "invalid_request", "The body must be application/x-www-form-urlencoded.");
    if (Number(inp.header("content-length") ?? 0) > max) return oauthError(413, "invalid_request", `The body is over ${max} bytes.`);
    try {
      return new URLSearchParams(await inp.bodyText(max));
    } catch (e) {
      if (e instanceof TooLarge) return oauthError(413, "invalid_request", `The body is over ${max} bytes.`);
      throw e;
    }
  }

  // ---- /authorize (GET: the form) ----
  async function authorizeGet(inp: HttpIn, base: string): Promise<HttpOut> {
    const q = queryOf(inp);
    const clientId = q.get("client_id") ?? "";
    let client;
    try {
      client = await clients.resolve(clientId, base);
    } catch (e) {
      return errorAt(400, e instanceof ClientError ? e.message : "The client could not be identified.");
    }
    // Until the redirect URI is known good, every problem is shown here: never redirect to it.
    const asked = q.get("redirect_uri") ?? (client.redirect_uris.length === 1 ? client.redirect_uris[0]! : "");
    if (!asked) return errorAt(400, "The request has no redirect_uri, and the client registered more than one.");
    if (!redirectMatches(client.redirect_uris, asked)) return errorAt(400, `The redirect URI ${asked.slice(0, 200)} is not one this client registered, so this server will not send anything there.`);
    const state = q.get("state") ?? undefined;
    if (state !== undefined && state.length > 2000) return errorAt(400, "The state parameter is over 2000 characters.");
    const fail = (error: string, description: string) => backTo(asked, { error, error_description: description, state, iss: base });
    if (q.get("response_type") !== "code") return fail("unsupported_response_type", "Only response_type=code is supported.");
    const challenge = q.get("code_challenge");
    const method = q.get("code_challenge_method");
    if (!challenge) return fail("invalid_request", "PKCE is required: send code_challenge with code_challenge_method=S256.");
    if (method !== "S256") return fail("invalid_request", `Only code_challenge_method=S256 is supported${method ? `, not ${method.slice(0, 20)}` : " (plain is refused)"}.`);
    if (!CHALLENGE.test(challenge)) return fail("invalid_request", "code_challenge must be the base64url SHA-256 of the verifier (43 characters).");
    const resource = q.get("resource") ?? undefined;
    if (resource !== undefined && !isResource(resource, base)) return fail("invalid_target", `This server issues tokens only for ${resourceOf(base)}.`);
    const csrf = randomId();
    // Only a metadata document's host vouches for a name; a registered name is the application's own claim.
    const source = client.cimd ? `published at ${new URL(client.client_id).host}` : "name given by the application, not verified";
    const form = await sealer.seal("form", { cid: client.client_id, ru: asked, cc: challenge, st: state, res: resource, x: csrf, nm: client.client_name, src: source }, { ttlSeconds: FORM_TTL, audience: base, issuer: base });
    return page(200, (n) => signInPage(n, { clientName: client.client_name, clientSource: source, redirectHost: hostOf(asked), form }), formTargetOf(asked), {
      "set-cookie": `${CSRF_COOKIE}=${csrf}; Path=/authorize; Max-Age=${FORM_TTL}; HttpOnly; SameSite=Strict${base.startsWith("https:") ? "; Secure" : ""}`,
    });
  }

  // ---- /authorize (POST: the key) ----
  async function authorizePost(inp: HttpIn, base: string): Promise<HttpOut> {
    const fetchSite = inp.header("sec-fetch-site");
    const origin = inp.header("origin");
    if ((fetchSite && fetchSite !== "same-origin") || (origin && origin !== "null" && origin !== base)) return errorAt(403, "This form can only be sent from this server's own sign-in page.");
    const body = await readForm(inp, MAX_FORM_BYTES);
    if (!(body instanceof URLSearchParams)) return errorAt(body.status, "The form is too large or not a form.");
    let f;
    try {
      f = await sealer.open("form", body.get("form") ?? "", { audience: base, issuer: base });
    } catch {
      return errorAt(400, "This sign-in form has expired or was not issued by this server. Go back to the application and connect again.");
    }
    const cookie = /(?:^|;\s*)fal_mcp_csrf=([A-Za-z0-9_-]+)/.exec(inp.header("cookie") ?? "")?.[1];
    if (!cookie || cookie !== f.x) return errorAt(403, "This sign-in form does not belong to this browser session (it was opened elsewhere, or cookies are blocked). Go back to the application and connect again.");
    const ru = String(f.ru);
    const again = (error: string) =>
      page(200, (n) => signInPage(n, { clientName: String(f.nm ?? ""), clientSource: String(f.src ?? ""), redirectHost: hostOf(ru), form: body.get("form")!, error, models: body.get("models") ?? "", maxCost: body.get("max_cost_usd") ?? "", readOnly: body.get("read_only") === "on" }), formTargetOf(ru));
    const key = (body.get("fal_key") ?? "").trim();
    if (!KEY_SHAPE.test(key)) return again("That is not a fal key: it should be printable characters without spaces, like key_id:key_secret.");
    const limits = parseLimitsForm(body);
    if (!limits.ok) return again(limits.message);
    const check = await o.checkKey(key, inp.signal).catch((): KeyCheck => "unavailable");
    if (check === "refused") return again("fal refused this key. Check that it is copied whole and still active at https://fal.ai/dashboard/keys.");
    if (check === "unavailable") return again("fal could not be reached to check the key. Please try again in a moment.");
    const code = await sealer.seal("code", { cid: f.cid, ru, cc: f.cc, res: f.res, k: key, l: limits.limits }, { ttlSeconds: CODE_TTL, audience: base, issuer: base });
    const out = backTo(ru, { code, state: f.st as string | undefined, iss: base });
    out.headers["set-cookie"] = `${CSRF_COOKIE}=; Path=/authorize; Max-Age=0; HttpOnly; SameSite=Strict`;
    return out;
  }

  // ---- /token ----
  async function token(inp: HttpIn, base: string): Promise<HttpOut> {
    const body = await readForm(inp, MAX_FORM_BYTES);
    if (!(body instanceof URLSearchParams)) return body;
    const grant = body.get("grant_type");
    const clientId = body.get("client_id") ?? basicClientId(inp.header("authorization"));
    if (!clientId) return oauthError(400, "invalid_request", "client_id is required (public clients send it in the body).");
    const resource = body.get("resource");
    if (resource !== null && !isResource(resource, base)) return oauthError(400, "invalid_target", `This server issues tokens only for ${resourceOf(base)}.`);

    let grantKey: string;
    let grantLimits: UserLimits;
    if (grant === "authorization_code") {
      const verifier = body.get("code_verifier") ?? "";
      if (!VERIFIER.test(verifier)) return oauthError(400, "invalid_request", "code_verifier is required: 43-128 characters of A-Z a-z 0-9 - . _ ~ (PKCE S256).");
      let c;
      try {
        c = await sealer.open("code", body.get("code") ?? "", { audience: base, issuer: base });
      } catch (e) {
        return oauthError(400, "invalid_grant", `The authorization code is not valid: ${(e as Error).message}.`);
      }
      if (c.cid !== clientId) return oauthError(400, "invalid_grant", "The authorization code was issued to another client.");
      if ((body.get("redirect_uri") ?? c.ru) !== c.ru) return oauthError(400, "invalid_grant", "redirect_uri does not match the one the code was issued for.");
      if ((await s256(verifier)) !== c.cc) return oauthError(400, "invalid_grant", "The PKCE code_verifier does not match the code_challenge.");
      if (c.res !== undefined && resource !== null && noSlash(resource) !== noSlash(String(c.res))) return oauthError(400, "invalid_target", "resource does not match the one the code was issued for.");
      const limits = limitsFromClaim(c.l);
      if (typeof c.k !== "string" || !limits) return oauthError(400, "invalid_grant", "The authorization code is malformed.");
      grantKey = c.k;
      grantLimits = limits;
    } else if (grant === "refresh_token") {
      let r;
      try {
        r = await sealer.open("refresh", body.get("refresh_token") ?? "", { audience: resourceOf(base), issuer: base });
      } catch (e) {
        return oauthError(400, "invalid_grant", `The refresh token is not valid: ${(e as Error).message}.`);
      }
      if (r.cid !== clientId) return oauthError(400, "invalid_grant", "The refresh token was issued to another client.");
      const limits = limitsFromClaim(r.l);
      if (typeof r.k !== "string" || !limits) return oauthError(400, "invalid_grant", "The refresh token is malformed.");
      grantKey = r.k;
      grantLimits = limits;
    } else {
      return oauthError(400, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token.");
    }
    const claims = { k: grantKey, l: grantLimits, cid: clientId };
    const audience = resourceOf(base);
    const [access, refresh] = await Promise.all([
      sealer.seal("access", claims, { ttlSeconds: ACCESS_TTL, audience, issuer: base }),
      sealer.seal("refresh", claims, { ttlSeconds: REFRESH_TTL, audience, issuer: base }),
    ]);
    return json(200, { access_token: access, token_type: "Bearer", expires_in: ACCESS_TTL, refresh_token: refresh }, { pragma: "no-cache" });
  }

  // ---- /register ----
  async function register(inp: HttpIn, base: string): Promise<HttpOut> {
    if (!(inp.header("content-type") ?? "").toLowerCase().startsWith("application/json")) return oauthError(400, "invalid_client_metadata", "The registration must be a JSON body (Content-Type: application/json).");
    if (Number(inp.header("content-length") ?? 0) > MAX_REGISTRATION_BYTES) return oauthError(413, "invalid_client_metadata", `The registration is over ${MAX_REGISTRATION_BYTES} bytes.`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(await inp.bodyText(MAX_REGISTRATION_BYTES));
    } catch (e) {
      if (e instanceof TooLarge) return oauthError(413, "invalid_client_metadata", `The registration is over ${MAX_REGISTRATION_BYTES} bytes.`);
      return oauthError(400, "invalid_client_metadata", "The registration body is not valid JSON.");
    }
    try {
      return json(201, await clients.register(parsed, base));
    } catch (e) {
      if (e instanceof ClientError) return oauthError(400, e.error, e.message);
      throw e;
    }
  }

  const CORS_PREFLIGHT: HttpOut = {
    status: 204,
    headers: { "access-control-allow-origin": "*", "access-control-allow-methods": "GET, POST, OPTIONS", "access-control-allow-headers": "content-type, authorization, mcp-protocol-version", "access-control-max-age": "600" },
    body: null,
  };

  return {
    async route(inp) {
      const p = inp.path;
      const isMeta = p.startsWith("/.well-known/oauth-");
      if (!isMeta && p !== "/authorize" && p !== "/token" && p !== "/register") return undefined;
      const base = baseOf(inp);
      if (inp.method === "OPTIONS" && p !== "/authorize") return CORS_PREFLIGHT;
      if (p === "/.well-known/oauth-protected-resource" || p === "/.well-known/oauth-protected-resource/mcp")
        return inp.method === "GET" ? json(200, protectedResourceMetadata(base), { "cache-control": "public, max-age=300" }) : oauthError(405, "invalid_request", "Use GET.");
      if (p === "/.well-known/oauth-authorization-server")
        return inp.method === "GET" ? json(200, authorizationServerMetadata(base), { "cache-control": "public, max-age=300" }) : oauthError(405, "invalid_request", "Use GET.");
      if (isMeta) return oauthError(404, "invalid_request", "Not found.");
      if (p === "/authorize") {
        if (inp.method === "GET") return authorizeGet(inp, base);
        if (inp.method === "POST") return authorizePost(inp, base);
        return errorAt(405, "Use GET or POST.");
      }
      if (inp.method !== "POST") return oauthError(405, "invalid_request", "Use POST.");
      return p === "/token" ? token(inp, base) : register(inp, base);
    },
    isToken: (v) => v.split(".").length === 5 && v.length > 100,
    async verify(tokenValue, inp) {
      const base = baseOf(inp);
      try {
        const c = await sealer.open("access", tokenValue, { audience: resourceOf(base), issuer: base });
        const limits = limitsFromClaim(c.l);
        if (typeof c.k !== "string" || !limits) return { ok: false, description: "The access token is malformed." };
        return { ok: true, key: c.k, limits };
      } catch (e) {
        return { ok: false, description: `The access token is not valid: ${e instanceof SealError ? e.message : "unreadable"}. Sign in again.` };
      }
    },
    challenge(inp, error) {
      const base = baseOf(inp);
      const parts = [`Bearer resource_metadata="${prmUrl(base)}"`];
      if (error) parts.push(`error="${error.code}"`, `error_description="${error.description.replace(/["\\]/g, "'")}"`);
      return parts.join(", ");
    },
  };
}

function withParams(uri: string, params: Record<string, string | undefined>): string {
  const u = new URL(uri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) u.searchParams.set(k, v);
  return u.toString();
}

function hostOf(uri: string): string {
  try {
    const u = new URL(uri);
    return u.host || `${u.protocol}//`;
  } catch {
    return "an unknown address";
  }
}

function randomId(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(18)))).replace(/\+/g, "-").replace(/\//g, "_");
}

async function s256(verifier: string): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
  return btoa(String.fromCharCode(...d)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
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
