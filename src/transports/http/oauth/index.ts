/**
 * This server as its own OAuth 2.1 authorization server for `/mcp` (MCP authorization, 2025-11-25),
 * holding no state: codes, tokens, registered client ids and form tokens are all sealed (./seal.ts).
 *
 * - Discovery: Protected Resource Metadata (RFC 9728) and Authorization Server Metadata (RFC 8414): ./origin.ts.
 * - Clients: Dynamic Client Registration (RFC 7591, ./register.ts) and Client ID Metadata Documents (./clients.ts).
 * - `/authorize`: a sign-in form for the user's fal key, checked against fal before any code is issued (./authorize.ts).
 * - `/token`: authorization_code (PKCE S256 only) and refresh_token grants (./token.ts).
 *
 * What statelessness costs: a code cannot be marked used, so PKCE (only the client holding the
 * verifier can redeem it) and its 60-second life bound a replay; tokens cannot be revoked one by one:
 * rotate FAL_MCP_TOKEN_SECRET to end every session, or rotate the fal key to end that key's.
 */
import type { HttpOut } from "../types.js";
import { authorizeGet, authorizePost } from "./authorize.js";
import { createClientStore } from "./clients.js";
import type { OAuth, OAuthContext, OAuthOptions } from "./contract.js";
import { limitsFromClaim } from "./limits.js";
import { authorizationServerMetadata, baseOf, prmUrl, protectedResourceMetadata, resourceOf } from "./origin.js";
import { registerRoute } from "./register.js";
import { errorAt, json, oauthError } from "./responses.js";
import { createSealer, SealError } from "./seal.js";
import { tokenRoute } from "./token.js";

export type { BearerResult, KeyCheck, OAuth, OAuthOptions } from "./contract.js";
export { ACCESS_TTL, CODE_TTL, REFRESH_TTL } from "./contract.js";
export type { UserLimits } from "./limits.js";
export { parsePublicUrl } from "./origin.js";

const CORS_PREFLIGHT: HttpOut = {
  status: 204,
  headers: {
    "access-control-allow-origin": "*",
    "access-control-allow-methods": "GET, POST, OPTIONS",
    "access-control-allow-headers": "content-type, authorization, mcp-protocol-version",
    "access-control-max-age": "600",
  },
  body: null,
};

const DISCOVERY_CACHE = { "cache-control": "public, max-age=300" };

export function createOAuth(o: OAuthOptions): OAuth {
  const sealer = createSealer(o.secrets);
  const ctx: OAuthContext = { sealer, clients: createClientStore({ sealer, guard: o.guard }), checkKey: o.checkKey };

  return {
    async route(inp) {
      const p = inp.path;
      const isMeta = p.startsWith("/.well-known/oauth-");
      if (!isMeta && p !== "/authorize" && p !== "/token" && p !== "/register") return undefined;
      const base = baseOf(inp, o.publicUrl);
      if (inp.method === "OPTIONS" && p !== "/authorize") return CORS_PREFLIGHT;
      if (p === "/.well-known/oauth-protected-resource" || p === "/.well-known/oauth-protected-resource/mcp")
        return inp.method === "GET"
          ? json(200, protectedResourceMetadata(base), DISCOVERY_CACHE)
          : oauthError(405, "invalid_request", "Use GET.");
      if (p === "/.well-known/oauth-authorization-server")
        return inp.method === "GET"
          ? json(200, authorizationServerMetadata(base), DISCOVERY_CACHE)
          : oauthError(405, "invalid_request", "Use GET.");
      if (isMeta) return oauthError(404, "invalid_request", "Not found.");
      if (p === "/authorize") {
        if (inp.method === "GET") return authorizeGet(ctx, inp, base);
        if (inp.method === "POST") return authorizePost(ctx, inp, base);
        return errorAt(405, "Use GET or POST.");
      }
      if (inp.method !== "POST") return oauthError(405, "invalid_request", "Use POST.");
      return p === "/token" ? tokenRoute(ctx, inp, base) : registerRoute(ctx, inp, base);
    },
    isToken: (v) => v.split(".").length === 5 && v.length > 100,
    async verify(tokenValue, inp) {
      const base = baseOf(inp, o.publicUrl);
      try {
        const c = await sealer.open("access", tokenValue, { audience: resourceOf(base), issuer: base });
        const limits = limitsFromClaim(c.l);
        if (typeof c.k !== "string" || !limits) return { ok: false, description: "The access token is malformed." };
        return { ok: true, key: c.k, limits };
      } catch (e) {
        return {
          ok: false,
          description: `The access token is not valid: ${e instanceof SealError ? e.message : "unreadable"}. Sign in again.`,
        };
      }
    },
    challenge(inp, error) {
      const base = baseOf(inp, o.publicUrl);
      const parts = [`Bearer resource_metadata="${prmUrl(base)}"`];
      if (error) parts.push(`error="${error.code}"`, `error_description="${error.description.replace(/["\\]/g, "'")}"`);
      return parts.join(", ");
    },
  };
}
