/**
 * The browser's and client's side of sign-in, over real HTTP: register, open the sign-in page, post
 * the key (carrying the page's form token and cookie, as a browser does), read where it sends us, and
 * redeem codes. No shortcuts into the server: every step is a request to the running process.
 */
import { createHash, randomBytes } from "node:crypto";

export const SECRET = "k1:0123456789abcdefghijklmnopqrstuvwxyzABCDEF";
export const OTHER_SECRET = "k1:ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvu";

/**
 * Each request on a new connection: under `serve --workers N` the primary hands connections out
 * round-robin, so the steps of one sign-in land on different workers (which must all accept them).
 */
const send = (url: string | URL, init: RequestInit = {}) =>
  fetch(url, { ...init, headers: { ...(init.headers as Record<string, string>), connection: "close" } });

export function pkce() {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

export async function register(base: string, redirectUris: string[], name = "Test client"): Promise<string> {
  const r = await send(`${base}/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ client_name: name, redirect_uris: redirectUris, token_endpoint_auth_method: "none" }),
  });
  if (r.status !== 201) throw new Error(`register: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { client_id: string }).client_id;
}

export function authorizeUrl(
  base: string,
  p: { clientId: string; redirectUri: string; challenge: string; state?: string; method?: string; resource?: string },
): string {
  const u = new URL(`${base}/authorize`);
  u.searchParams.set("response_type", "code");
  u.searchParams.set("client_id", p.clientId);
  u.searchParams.set("redirect_uri", p.redirectUri);
  u.searchParams.set("code_challenge", p.challenge);
  u.searchParams.set("code_challenge_method", p.method ?? "S256");
  u.searchParams.set("state", p.state ?? "st-123");
  u.searchParams.set("resource", p.resource ?? `${base}/mcp`);
  return u.toString();
}

export interface SignInResult {
  status: number;
  location: string | null;
  html: string;
}

/** Open the page, then post the key and limits as the form does. */
export async function signIn(url: string, key: string, fields: Record<string, string> = {}): Promise<SignInResult> {
  const page = await send(url, { redirect: "manual" });
  const html = await page.text();
  if (page.status !== 200) return { status: page.status, location: page.headers.get("location"), html };
  const form = /name="form" value="([^"]+)"/.exec(html)?.[1];
  const cookie = (page.headers.get("set-cookie") ?? "").split(";")[0]!;
  if (!form) throw new Error(`no form token on the page:\n${html}`);
  const post = await send(new URL("/authorize", url), {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({
      form: form.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))),
      fal_key: key,
      ...fields,
    }).toString(),
  });
  return { status: post.status, location: post.headers.get("location"), html: await post.text() };
}

export async function signInForCode(
  base: string,
  key: string,
  p: { clientId: string; redirectUri: string; challenge: string },
  fields: Record<string, string> = {},
): Promise<string> {
  const r = await signIn(authorizeUrl(base, p), key, fields);
  if (r.status !== 303 || !r.location) throw new Error(`sign-in did not redirect: ${r.status}\n${r.html}`);
  const code = new URL(r.location).searchParams.get("code");
  if (!code) throw new Error(`no code in ${r.location}`);
  return code;
}

/** A /token answer: the tokens, or an OAuth error. */
export interface TokenAnswer {
  access_token?: string;
  refresh_token?: string;
  token_type?: string;
  expires_in?: number;
  scope?: string;
  error?: string;
  error_description?: string;
}

/** `body` is undefined when the answer is not JSON. */
export async function tokenRequest(
  base: string,
  params: Record<string, string>,
): Promise<{ status: number; body: TokenAnswer | undefined; text: string }> {
  const r = await send(`${base}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(params).toString(),
  });
  const text = await r.text();
  let body: TokenAnswer | undefined;
  try {
    body = JSON.parse(text) as TokenAnswer;
  } catch {
    body = undefined;
  }
  return { status: r.status, body, text };
}

/** A full sign-in: registration, page, code, tokens. */
export async function tokensFor(
  base: string,
  key: string,
  fields: Record<string, string> = {},
  redirectUri = "http://127.0.0.1:9/callback",
) {
  const clientId = await register(base, [redirectUri]);
  const { verifier, challenge } = pkce();
  const code = await signInForCode(base, key, { clientId, redirectUri, challenge }, fields);
  const t = await tokenRequest(base, {
    grant_type: "authorization_code",
    code,
    code_verifier: verifier,
    redirect_uri: redirectUri,
    client_id: clientId,
    resource: `${base}/mcp`,
  });
  if (t.status !== 200 || !t.body) throw new Error(`token: ${t.status} ${t.text}`);
  return { clientId, code, access: t.body.access_token as string, refresh: t.body.refresh_token as string, body: t.body };
}

/** One raw JSON-RPC call to /mcp with a bearer value. */
export async function mcpCall(base: string, bearer: string | undefined, method: string, params: unknown = {}) {
  const r = await send(`${base}/mcp`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
    },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  return { status: r.status, wwwAuthenticate: r.headers.get("www-authenticate"), text: await r.text() };
}

/** Every place the key could leak, in the forms it could take there. */
export function leaks(haystack: string, key: string): boolean {
  const secret = key.split(":").pop()!;
  const forms = [key, secret, encodeURIComponent(key), Buffer.from(key).toString("base64"), Buffer.from(key).toString("base64url")];
  return forms.some((f) => haystack.includes(f));
}
