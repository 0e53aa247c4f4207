/**
 * `/authorize`: GET shows the sign-in form for the user's fal key (after the client and its redirect URI
 * check out); POST takes the key, checks it with fal, and sends the browser back with a sealed code.
 * The form itself is sealed and tied to this browser by a CSRF cookie.
 */
import type { HttpIn, HttpOut } from "../types.js";
import { type Client, ClientError } from "./clients.js";
import { CODE_TTL, FORM_TTL, type KeyCheck, type OAuthContext } from "./contract.js";
import { parseLimitsForm } from "./limits.js";
import { KEY_SHAPE, KEY_SHAPE_WORDS } from "../auth.js";
import { isResource, resourceOf } from "./origin.js";
import { signInPage } from "./page.js";
import { redirectMatches } from "./redirects.js";
import { backTo, base64url, errorAt, formTargetOf, hostOf, page, queryOf, readForm } from "./responses.js";

const MAX_FORM_BYTES = 16 * 1024;
const CSRF_COOKIE = "fal_mcp_csrf";
const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

/** GET: the form. */
export async function authorizeGet(ctx: OAuthContext, inp: HttpIn, base: string): Promise<HttpOut> {
  const q = queryOf(inp);
  const clientId = q.get("client_id") ?? "";
  let client: Client;
  try {
    client = await ctx.clients.resolve(clientId, base);
  } catch (e) {
    return errorAt(400, e instanceof ClientError ? e.message : "The client could not be identified.");
  }
  // Until the redirect URI is known good, every problem is shown here: never redirect to it.
  const asked = q.get("redirect_uri") ?? (client.redirect_uris.length === 1 ? client.redirect_uris[0]! : "");
  if (!asked) return errorAt(400, "The request has no redirect_uri, and the client registered more than one.");
  if (!redirectMatches(client.redirect_uris, asked))
    return errorAt(
      400,
      `The redirect URI ${asked.slice(0, 200)} is not one this client registered, so this server will not send anything there.`,
    );
  const state = q.get("state") ?? undefined;
  if (state !== undefined && state.length > 2000) return errorAt(400, "The state parameter is over 2000 characters.");
  const fail = (error: string, description: string) => backTo(asked, { error, error_description: description, state, iss: base });
  if (q.get("response_type") !== "code") return fail("unsupported_response_type", "Only response_type=code is supported.");
  const challenge = q.get("code_challenge");
  const method = q.get("code_challenge_method");
  if (!challenge) return fail("invalid_request", "PKCE is required: send code_challenge with code_challenge_method=S256.");
  if (method !== "S256")
    return fail(
      "invalid_request",
      `Only code_challenge_method=S256 is supported${method ? `, not ${method.slice(0, 20)}` : " (plain is refused)"}.`,
    );
  if (!CHALLENGE.test(challenge))
    return fail("invalid_request", "code_challenge must be the base64url SHA-256 of the verifier (43 characters).");
  const resource = q.get("resource") ?? undefined;
  if (resource !== undefined && !isResource(resource, base))
    return fail("invalid_target", `This server issues tokens only for ${resourceOf(base)}.`);
  const csrf = base64url(crypto.getRandomValues(new Uint8Array(18)));
  // Only a metadata document's host vouches for a name; a registered name is the application's own claim.
  const source = client.cimd ? `published at ${new URL(client.client_id).host}` : "name given by the application, not verified";
  const claims = {
    cid: client.client_id,
    ru: asked,
    cc: challenge,
    st: state,
    res: resource,
    x: csrf,
    nm: client.client_name,
    src: source,
  };
  const form = await ctx.sealer.seal("form", claims, { ttlSeconds: FORM_TTL, audience: base, issuer: base });
  const view = { clientName: client.client_name, clientSource: source, redirectHost: hostOf(asked), form };
  return page(200, (n) => signInPage(n, view), formTargetOf(asked), {
    "set-cookie": `${CSRF_COOKIE}=${csrf}; Path=/authorize; Max-Age=${FORM_TTL}; HttpOnly; SameSite=Strict${base.startsWith("https:") ? "; Secure" : ""}`,
  });
}

/** POST: the key. */
export async function authorizePost(ctx: OAuthContext, inp: HttpIn, base: string): Promise<HttpOut> {
  const fetchSite = inp.header("sec-fetch-site");
  const origin = inp.header("origin");
  if ((fetchSite && fetchSite !== "same-origin") || (origin && origin !== "null" && origin !== base))
    return errorAt(403, "This form can only be sent from this server's own sign-in page.");
  const body = await readForm(inp, MAX_FORM_BYTES);
  if (!(body instanceof URLSearchParams)) return errorAt(body.status, "The form is too large or not a form.");
  let f: Record<string, unknown>;
  try {
    f = await ctx.sealer.open("form", body.get("form") ?? "", { audience: base, issuer: base });
  } catch {
    return errorAt(400, "This sign-in form has expired or was not issued by this server. Go back to the application and connect again.");
  }
  const cookie = /(?:^|;\s*)fal_mcp_csrf=([A-Za-z0-9_-]+)/.exec(inp.header("cookie") ?? "")?.[1];
  if (!cookie || cookie !== f.x)
    return errorAt(
      403,
      "This sign-in form does not belong to this browser session (it was opened elsewhere, or cookies are blocked). Go back to the application and connect again.",
    );
  const ru = String(f.ru);
  const again = (error: string) =>
    page(
      200,
      (n) =>
        signInPage(n, {
          clientName: String(f.nm ?? ""),
          clientSource: String(f.src ?? ""),
          redirectHost: hostOf(ru),
          form: body.get("form")!,
          error,
          models: body.get("models") ?? "",
          maxCost: body.get("max_cost_usd") ?? "",
          readOnly: body.get("read_only") === "on",
        }),
      formTargetOf(ru),
    );
  const key = (body.get("fal_key") ?? "").trim();
  if (!KEY_SHAPE.test(key)) return again(`That is not a fal key: it should be ${KEY_SHAPE_WORDS}.`);
  const limits = parseLimitsForm(body);
  if (!limits.ok) return again(limits.message);
  const check = await ctx.checkKey(key, inp.signal).catch((): KeyCheck => "unavailable");
  if (check === "refused")
    return again("fal refused this key. Check that it is copied whole and still active at https://fal.ai/dashboard/keys.");
  if (check === "unavailable") return again("fal could not be reached to check the key. Please try again in a moment.");
  const codeClaims = { cid: f.cid, ru, cc: f.cc, res: f.res, k: key, l: limits.limits };
  const code = await ctx.sealer.seal("code", codeClaims, { ttlSeconds: CODE_TTL, audience: base, issuer: base });
  const out = backTo(ru, { code, state: f.st as string | undefined, iss: base });
  out.headers["set-cookie"] = `${CSRF_COOKIE}=; Path=/authorize; Max-Age=0; HttpOnly; SameSite=Strict`;
  return out;
}
