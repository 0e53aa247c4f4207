/**
 * How the OAuth routes answer: JSON (with OAuth's `{error, error_description}`), HTML pages under their
 * CSP, and redirects back to a client; and how they read a query string and a form body.
 */
import { type HttpIn, type HttpOut, TooLarge } from "../types.js";
import { errorPage, pageHeaders } from "./page.js";

export type Plain = { status: number; headers: Record<string, string>; body: string };

export const json = (status: number, body: unknown, extra: Record<string, string> = {}): Plain => ({
  status,
  headers: { "content-type": "application/json", "cache-control": "no-store", "access-control-allow-origin": "*", ...extra },
  body: JSON.stringify(body),
});

export const oauthError = (status: number, error: string, description: string) => json(status, { error, error_description: description });

/** An HTML page; `formTarget` is where its form may post (the CSP's form-action). */
export function page(status: number, html: (nonce: string) => string, formTarget?: string, extra: Record<string, string> = {}): HttpOut {
  const p = pageHeaders(formTarget);
  return { status, headers: { ...p.headers, ...extra }, body: html(p.nonce) };
}

export const errorAt = (status: number, message: string) => page(status, (n) => errorPage(n, message));

/** Where a browser is sent back: the client's URI with the answer in its query. */
export function backTo(
  redirectUri: string,
  params: Record<string, string | undefined>,
): { status: number; headers: Record<string, string>; body: null } {
  return {
    status: 303,
    headers: { location: withParams(redirectUri, params), "cache-control": "no-store", "referrer-policy": "no-referrer" },
    body: null,
  };
}

/** The sign-in form posts here and the browser is then redirected to the client: the CSP must allow both. */
export function formTargetOf(redirectUri: string): string {
  const u = new URL(redirectUri);
  return u.protocol === "https:" || u.protocol === "http:" ? u.origin : u.protocol;
}

function withParams(uri: string, params: Record<string, string | undefined>): string {
  const u = new URL(uri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) u.searchParams.set(k, v);
  return u.toString();
}

/** A redirect URI's host as shown to the user ("an unknown address" if it does not parse). */
export function hostOf(uri: string): string {
  try {
    const u = new URL(uri);
    return u.host || `${u.protocol}//`;
  } catch {
    return "an unknown address";
  }
}

export function queryOf(inp: HttpIn): URLSearchParams {
  const u = inp.url ?? "";
  const q = u.indexOf("?");
  return new URLSearchParams(q < 0 ? "" : u.slice(q + 1));
}

/** A form body up to `max` bytes, or the OAuth error to answer with. */
export async function readForm(inp: HttpIn, max: number): Promise<URLSearchParams | Plain> {
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

/** base64url without padding, as PKCE and cookies use it. */
export function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}
