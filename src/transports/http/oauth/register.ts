/** `/register`: Dynamic Client Registration (RFC 7591); the registered client id is sealed (./clients.ts). */
import type { HttpIn, HttpOut } from "../types.js";
import { TooLarge } from "../types.js";
import { ClientError, MAX_REGISTRATION_BYTES } from "./clients.js";
import type { OAuthContext } from "./contract.js";
import { json, oauthError } from "./responses.js";

export async function registerRoute(ctx: OAuthContext, inp: HttpIn, base: string): Promise<HttpOut> {
  if (!(inp.header("content-type") ?? "").toLowerCase().startsWith("application/json"))
    return oauthError(400, "invalid_client_metadata", "The registration must be a JSON body (Content-Type: application/json).");
  const tooLarge = () => oauthError(413, "invalid_client_metadata", `The registration is over ${MAX_REGISTRATION_BYTES} bytes.`);
  if (Number(inp.header("content-length") ?? 0) > MAX_REGISTRATION_BYTES) return tooLarge();
  let parsed: unknown;
  try {
    parsed = JSON.parse(await inp.bodyText(MAX_REGISTRATION_BYTES));
  } catch (e) {
    if (e instanceof TooLarge) return tooLarge();
    return oauthError(400, "invalid_client_metadata", "The registration body is not valid JSON.");
  }
  try {
    return json(201, await ctx.clients.register(parsed, base));
  } catch (e) {
    if (e instanceof ClientError) return oauthError(400, e.error, e.message);
    throw e;
  }
}
