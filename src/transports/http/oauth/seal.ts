/**
 * Sealing: every OAuth artefact this server hands out (client ids from registration, CSRF form tokens,
 * codes, access and refresh tokens) is an encrypted JWT (JWE `dir` + `A256GCM`, via jose on WebCrypto so
 * it runs on Workers too). Nothing is stored: any replica holding the secret can open any of them.
 *
 * Each purpose gets its own key, derived with HKDF from the operator's secret, so an artefact sealed for
 * one purpose (a refresh token) can never be opened as another (an access token), even in principle.
 * Several secrets may be configured for rotation: the first seals, all open; each carries a key id.
 */
import { EncryptJWT, jwtDecrypt, type JWTPayload } from "jose";

/** WebCrypto's key type (globalThis.crypto on Node, Workers and browsers alike); no DOM lib on a server. */
type WebCryptoKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

export type Purpose = "client" | "form" | "code" | "access" | "refresh";

export interface TokenSecret {
  kid: string;
  secret: string;
}

/** Why a secret list is refused: a sentence for the operator. */
export class SecretError extends Error {}

const MIN_SECRET = 32;

/**
 * `FAL_MCP_TOKEN_SECRET`: comma-separated secrets, each `kid:secret` or a bare secret (its key id is
 * then derived from a hash of it). The first one seals new artefacts; the others still open old ones.
 */
export async function parseSecrets(raw: string): Promise<TokenSecret[]> {
  const parts = raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (!parts.length)
    throw new SecretError(
      "FAL_MCP_TOKEN_SECRET is empty: set one or more secrets of at least 32 characters (e.g. `openssl rand -base64 48`).",
    );
  const out: TokenSecret[] = [];
  for (const p of parts) {
    const m = /^([A-Za-z0-9_-]{1,32}):(.+)$/.exec(p);
    const secret = m ? m[2]! : p;
    if (secret.length < MIN_SECRET)
      throw new SecretError(
        `FAL_MCP_TOKEN_SECRET: each secret must be at least ${MIN_SECRET} characters (one is ${secret.length}); generate one with \`openssl rand -base64 48\`.`,
      );
    const kid = m ? m[1]! : `k${hex(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(secret))).slice(0, 10)}`;
    if (out.some((s) => s.kid === kid)) throw new SecretError(`FAL_MCP_TOKEN_SECRET: the key id "${kid}" is used twice.`);
    out.push({ kid, secret });
  }
  return out;
}

const hex = (b: ArrayBuffer) => [...new Uint8Array(b)].map((x) => x.toString(16).padStart(2, "0")).join("");

export class SealError extends Error {}

export interface Sealer {
  seal(purpose: Purpose, claims: Record<string, unknown>, opts: { ttlSeconds?: number; audience: string; issuer: string }): Promise<string>;
  /** The claims, or a SealError (tampered, expired, other secret, other purpose, wrong audience/issuer). */
  open(purpose: Purpose, token: string, opts: { audience: string; issuer: string }): Promise<JWTPayload & Record<string, unknown>>;
}

export function createSealer(secrets: TokenSecret[]): Sealer {
  if (!secrets.length) throw new SecretError("no token secret");
  const keys = new Map<string, Promise<WebCryptoKey>>();
  const keyFor = (kid: string, purpose: Purpose): Promise<WebCryptoKey> | undefined => {
    const s = secrets.find((x) => x.kid === kid);
    if (!s) return undefined;
    const id = `${kid}\u0000${purpose}`;
    let k = keys.get(id);
    if (!k) {
      k = (async () => {
        const base = await crypto.subtle.importKey("raw", new TextEncoder().encode(s.secret), "HKDF", false, ["deriveKey"]);
        return crypto.subtle.deriveKey(
          { name: "HKDF", hash: "SHA-256", salt: new TextEncoder().encode("fal-mcp oauth v1"), info: new TextEncoder().encode(purpose) },
          base,
          { name: "AES-GCM", length: 256 },
          false,
          ["encrypt", "decrypt"],
        );
      })();
      keys.set(id, k);
    }
    return k;
  };
  const current = secrets[0]!.kid;
  const typ = (p: Purpose) => `fal-mcp-${p}+jwt`;

  return {
    async seal(purpose, claims, { ttlSeconds, audience, issuer }) {
      const jwt = new EncryptJWT(claims)
        .setProtectedHeader({ alg: "dir", enc: "A256GCM", kid: current, typ: typ(purpose) })
        .setIssuedAt()
        .setIssuer(issuer)
        .setAudience(audience);
      // Absolute expiry: a negative life (tests) yields an already expired artefact.
      if (ttlSeconds !== undefined) jwt.setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds);
      return jwt.encrypt(await keyFor(current, purpose)!);
    },
    async open(purpose, token, { audience, issuer }) {
      if (typeof token !== "string" || token.length > 16_384 || token.split(".").length !== 5)
        throw new SealError("not a token issued by this server");
      try {
        const { payload } = await jwtDecrypt(
          token,
          async (header) => {
            const k = typeof header.kid === "string" ? keyFor(header.kid, purpose) : undefined;
            if (!k) throw new SealError("sealed with a secret this server does not hold");
            return k;
          },
          {
            keyManagementAlgorithms: ["dir"],
            contentEncryptionAlgorithms: ["A256GCM"],
            typ: typ(purpose),
            audience,
            issuer,
            clockTolerance: 5,
          },
        );
        return payload as JWTPayload & Record<string, unknown>;
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (code === "ERR_JWT_EXPIRED") throw new SealError("expired");
        if (code === "ERR_JWT_CLAIM_VALIDATION_FAILED")
          throw new SealError(`issued for another ${(e as { claim?: string }).claim === "aud" ? "resource" : "server"}`);
        throw new SealError("not a token issued by this server (tampered, for another purpose, or sealed with another secret)");
      }
    },
  };
}
