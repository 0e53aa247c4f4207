/**
 * Where this server is, as OAuth names it: the issuer origin (`--public-url` or the request's own),
 * the protected resource (`<origin>/mcp`), and the two discovery documents that publish them
 * (Protected Resource Metadata, RFC 9728; Authorization Server Metadata, RFC 8414).
 */
import type { HttpIn } from "../types.js";
import { isLoopbackHost } from "./redirects.js";

/** `--public-url`: an http(s) origin; a path is refused rather than silently dropped. */
export function parsePublicUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new Error(`--public-url must be an absolute URL such as https://mcp.example.com, got "${raw.slice(0, 100)}"`);
  }
  // An OAuth issuer is https (RFC 8414 §2); plain http only on this machine, where nothing sits between.
  if (u.protocol !== "https:" && !(u.protocol === "http:" && isLoopbackHost(u.hostname)))
    throw new Error(
      `--public-url must be an https URL (http only for a loopback host such as http://127.0.0.1:3000), got "${raw.slice(0, 100)}"`,
    );
  if ((u.pathname !== "/" && u.pathname !== "/mcp") || u.search || u.hash)
    throw new Error("--public-url is the server's origin (https://host[:port]); the MCP endpoint is always /mcp under it");
  return u.origin;
}

/** The issuer origin for this request. */
export function baseOf(inp: HttpIn, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl;
  try {
    return new URL(inp.url ?? `http://${inp.header("host") ?? "localhost"}/`).origin;
  } catch {
    return "http://localhost";
  }
}

export const resourceOf = (base: string) => `${base}/mcp`;
/** The resource indicator as clients send it: with or without one trailing slash (a common client quirk). */
export const noSlash = (r: string) => r.replace(/\/$/, "");
export const isResource = (r: string, base: string) => noSlash(r) === resourceOf(base);
export const prmUrl = (base: string) => `${base}/.well-known/oauth-protected-resource/mcp`;

export function protectedResourceMetadata(base: string) {
  return {
    resource: resourceOf(base),
    authorization_servers: [base],
    bearer_methods_supported: ["header"],
    resource_name: "fal-mcp",
  };
}

export function authorizationServerMetadata(base: string) {
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
