/**
 * OAuth clients without a client table. Two kinds:
 * - Dynamic Client Registration (RFC 7591): the `client_id` handed back *is* the registration, sealed,
 *   so the server reads it back from the id itself.
 * - Client ID Metadata Documents: the `client_id` is an https URL to the client's metadata, fetched
 *   through the SSRF guard (bounded in size, time and redirects) and cached briefly.
 */
import type { UrlGuard } from "../../../net/guard.js";
import { redirectProblem } from "./redirects.js";
import type { Sealer } from "./seal.js";

export interface Client {
  client_id: string;
  client_name: string;
  redirect_uris: string[];
  /** True for a metadata-document client (its name comes from its own domain). */
  cimd: boolean;
}

export class ClientError extends Error {
  constructor(
    readonly error: "invalid_client_metadata" | "invalid_redirect_uri" | "invalid_client",
    message: string,
  ) {
    super(message);
  }
}

export const MAX_REGISTRATION_BYTES = 16 * 1024;
const MAX_CIMD_BYTES = 16 * 1024;

/** The registration fields this server keeps, validated: a sentence for the first problem. */
function validateMetadata(body: unknown): { client_name: string; redirect_uris: string[] } {
  if (!body || typeof body !== "object" || Array.isArray(body))
    throw new ClientError("invalid_client_metadata", "The client metadata must be a JSON object.");
  const b = body as Record<string, unknown>;
  const uris = b.redirect_uris;
  if (!Array.isArray(uris) || uris.length < 1 || uris.length > 10)
    throw new ClientError("invalid_redirect_uri", "redirect_uris must be an array of 1 to 10 URIs.");
  for (const u of uris) {
    const p = redirectProblem(u);
    if (p) throw new ClientError("invalid_redirect_uri", `redirect_uris: ${p}.`);
  }
  const name = b.client_name ?? "";
  if (typeof name !== "string" || name.length > 200)
    throw new ClientError("invalid_client_metadata", "client_name must be a string of at most 200 characters.");
  const gt = b.grant_types;
  if (gt !== undefined && (!Array.isArray(gt) || gt.some((g) => g !== "authorization_code" && g !== "refresh_token")))
    throw new ClientError("invalid_client_metadata", "grant_types may contain only authorization_code and refresh_token.");
  const rt = b.response_types;
  if (rt !== undefined && (!Array.isArray(rt) || rt.some((r) => r !== "code")))
    throw new ClientError("invalid_client_metadata", 'response_types may contain only "code".');
  return { client_name: name.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, "").trim(), redirect_uris: uris as string[] };
}

export interface ClientStore {
  /** Register under `issuer` (this server's base URL, which seals the id). */
  register(body: unknown, issuer: string): Promise<Record<string, unknown>>;
  /** The client, or a ClientError with a sentence (shown on an error page, never redirected). */
  resolve(clientId: string, issuer: string): Promise<Client>;
}

export function createClientStore(o: { sealer: Sealer; guard: UrlGuard }): ClientStore {
  // One fetch per URL at a time, answers kept 5 minutes and refusals 1 minute: a sign-in page opened
  // over and over cannot make this server fetch a document over and over.
  const cimdCache = new Map<string, { answer: Promise<Client>; until: number }>();
  const CIMD_TTL = 5 * 60_000;
  const CIMD_FAILURE_TTL = 60_000;

  function metadataDocument(url: string): Promise<Client> {
    const hit = cimdCache.get(url);
    if (hit && hit.until > Date.now()) return hit.answer;
    const answer = fetchMetadataDocument(url);
    if (cimdCache.size >= 500) cimdCache.delete(cimdCache.keys().next().value!);
    const entry = { answer, until: Date.now() + CIMD_TTL };
    cimdCache.set(url, entry);
    answer.catch(() => (entry.until = Date.now() + CIMD_FAILURE_TTL));
    return answer;
  }

  // Not tied to one request's signal: the answer is shared by every request waiting for it.
  async function fetchMetadataDocument(url: string): Promise<Client> {
    let text: string;
    try {
      const { bytes } = await o.guard.fetchBytes(url);
      if (bytes.length > MAX_CIMD_BYTES) throw new Error(`the document is over ${MAX_CIMD_BYTES} bytes`);
      text = new TextDecoder().decode(bytes);
    } catch (e) {
      throw new ClientError(
        "invalid_client",
        `The client's metadata document at ${url.slice(0, 200)} could not be fetched: ${(e as Error).message}.`,
      );
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      throw new ClientError("invalid_client", "The client's metadata document is not JSON.");
    }
    if ((doc as { client_id?: unknown })?.client_id !== url)
      throw new ClientError("invalid_client", "The client's metadata document does not name its own URL as client_id.");
    const m = validateMetadata(doc);
    return { client_id: url, client_name: m.client_name || new URL(url).hostname, redirect_uris: m.redirect_uris, cimd: true };
  }

  return {
    async register(body, issuer) {
      const m = validateMetadata(body);
      const issuedAt = Math.floor(Date.now() / 1000);
      // The id is the registration itself, sealed; `aud` pins it to this issuer.
      const clientId = await o.sealer.seal("client", { n: m.client_name, r: m.redirect_uris }, { audience: issuer, issuer });
      return {
        client_id: clientId,
        client_id_issued_at: issuedAt,
        client_name: m.client_name || undefined,
        redirect_uris: m.redirect_uris,
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        // Public clients only: PKCE, not a client secret, proves who redeems a code.
        token_endpoint_auth_method: "none",
      };
    },
    async resolve(clientId, issuer) {
      if (typeof clientId !== "string" || !clientId || clientId.length > 8192)
        throw new ClientError("invalid_client", "The request has no valid client_id.");
      if (clientId.startsWith("https://")) {
        const u = new URL(clientId);
        if (u.pathname === "/" || u.hash || u.username || u.password)
          throw new ClientError("invalid_client", "A client_id URL must be https with a path, and no fragment or credentials.");
        return metadataDocument(clientId);
      }
      try {
        const c = await o.sealer.open("client", clientId, { audience: issuer, issuer });
        if (typeof c.n !== "string" || !Array.isArray(c.r)) throw new Error("malformed");
        return { client_id: clientId, client_name: c.n, redirect_uris: c.r as string[], cimd: false };
      } catch {
        throw new ClientError(
          "invalid_client",
          "This client_id was not issued by this server (or was issued with a secret it no longer holds): register the client again.",
        );
      }
    },
  };
}
