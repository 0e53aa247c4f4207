/** `Authorization: Bearer <FAL_KEY>` per request, parsed by scheme; the key itself is never logged. */
export type AuthResult = { ok: true; key: string | undefined } | { ok: false; message: string };

/** What a fal key looks like to this server, said in the same words wherever one is refused. */
export const KEY_SHAPE = /^[\x21-\x7e]{8,512}$/;
export const KEY_SHAPE_WORDS = "8 to 512 printable characters without spaces, like key_id:key_secret";

export function parseAuthorization(header: string | null, allowAnonymous: boolean): AuthResult {
  if (!header?.trim()) {
    return allowAnonymous
      ? { ok: true, key: undefined }
      : {
          ok: false,
          message: "Missing fal key: send the header `Authorization: Bearer <FAL_KEY>` (create a key at https://fal.ai/dashboard/keys).",
        };
  }
  const m = /^(\S+)\s+(.*)$/.exec(header.trim());
  const scheme = m?.[1]?.toLowerCase();
  if (scheme !== "bearer") {
    return {
      ok: false,
      message: `The Authorization header must use the Bearer scheme: \`Authorization: Bearer <FAL_KEY>\`${scheme === "key" ? ' (fal\'s own "Key" scheme is what this server sends to fal, not what it accepts)' : ""}.`,
    };
  }
  const key = m![2]!.trim();
  if (!KEY_SHAPE.test(key))
    return {
      ok: false,
      message: `The Bearer token is not a fal key: expected \`Authorization: Bearer <FAL_KEY>\`, the key being ${KEY_SHAPE_WORDS}.`,
    };
  return { ok: true, key };
}
