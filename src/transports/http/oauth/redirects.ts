/**
 * Which redirect URIs a client may register and how a requested one matches (OAuth 2.1 §2.3.1,
 * RFC 8252 §7): https anywhere; http only to a loopback address (native apps, any port at request
 * time); private-use schemes of native apps (`cursor://…`, `com.example.app:/…`); never a script, data
 * or file URL, never a fragment, never embedded credentials.
 */
const FORBIDDEN_SCHEMES = new Set([
  "javascript:",
  "data:",
  "vbscript:",
  "file:",
  "blob:",
  "about:",
  "filesystem:",
  "ftp:",
  "ws:",
  "wss:",
  "mailto:",
  "tel:",
  "view-source:",
  "chrome:",
  "intent:",
]);
const LOOPBACK = new Set(["127.0.0.1", "[::1]", "localhost"]);

/** A URL host name that is this machine, for the places OAuth lets plain http through (RFC 8252 §7.3). */
export const isLoopbackHost = (hostname: string) => LOOPBACK.has(hostname);

/** A reason the URI cannot be a redirect target, or undefined when it can. */
export function redirectProblem(raw: unknown): string | undefined {
  if (typeof raw !== "string" || !raw || raw.length > 2000) return "a redirect URI must be a URL of at most 2000 characters";
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return "the redirect URI is not an absolute URL";
  }
  if (FORBIDDEN_SCHEMES.has(u.protocol)) return `${u.protocol} redirect URIs are not allowed`;
  if (u.hash || raw.includes("#")) return "a redirect URI cannot have a fragment";
  if (u.username || u.password) return "a redirect URI cannot carry credentials";
  if (u.protocol === "https:") return undefined;
  if (u.protocol === "http:")
    return isLoopbackHost(u.hostname)
      ? undefined
      : "http redirect URIs are allowed only to a loopback address (127.0.0.1, [::1], localhost); use https";
  // Private-use scheme of a native app (RFC 8252 §7.1).
  return /^[a-z][a-z0-9+.-]{1,60}:$/i.test(u.protocol) ? undefined : "the redirect URI scheme is not allowed";
}

/** Exact string match, except that a loopback http URI may use any port (RFC 8252 §7.3). */
export function redirectMatches(registered: string[], requested: string): boolean {
  if (registered.includes(requested)) return true;
  let r: URL;
  try {
    r = new URL(requested);
  } catch {
    return false;
  }
  if (r.protocol !== "http:" || !LOOPBACK.has(r.hostname)) return false;
  return registered.some((reg) => {
    try {
      const g = new URL(reg);
      if (g.protocol !== "http:" || g.hostname !== r.hostname) return false;
      g.port = r.port;
      return g.href === r.href;
    } catch {
      return false;
    }
  });
}
