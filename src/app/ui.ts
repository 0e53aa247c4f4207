/**
 * The MCP Apps extension (`io.modelcontextprotocol/ui`) as this server uses it: names, and whether the
 * client announced the extension. Plain data, no SDK: imported on the tools/list path.
 *
 * Which clients get the app-only tool (and the viewer in resources/list)? Over stdio the session keeps
 * the client's `initialize` capabilities, so the answer is exact. The HTTP endpoint is stateless: a
 * tools/list carries no capabilities. So when an `initialize` announces the extension, its answer
 * carries an `Mcp-Session-Id` that starts with UI_SESSION_PREFIX, which Streamable HTTP clients echo
 * on every later request; a request carrying it is answered as for an extension client. Nothing is
 * stored: the id holds one public bit (which tools to list), so a forged one only shows that client
 * one more tool and the `_meta` fields. A client that does not announce the extension gets no session
 * id and exactly the tool list and resources it had before, `_meta` included (so the fast path's
 * prebuilt answer is unchanged too). The app-only tool stays callable by name for everyone, since it
 * only wraps check_job, and the viewer resource can be read by anyone who names it.
 */
export const EXTENSION_ID = "io.modelcontextprotocol/ui";
export const APP_MIME = "text/html;profile=mcp-app";
export const VIEWER_URI = "ui://fal-mcp/viewer.html";
/** The app-only tool the viewer follows and cancels jobs with (visibility ["app"]). */
export const JOB_TOOL = "viewer_job";
export const UI_SESSION_PREFIX = "fal-mcp-ui.";

/** True when client capabilities announce the extension with the HTML profile. */
export function announcesUi(caps: unknown): boolean {
  const ext = (caps as { extensions?: Record<string, { mimeTypes?: unknown }> } | undefined)?.extensions?.[EXTENSION_ID];
  return Array.isArray(ext?.mimeTypes) && ext.mimeTypes.includes(APP_MIME);
}

/** True when a request's `Mcp-Session-Id` is one this server gave an extension client. */
export function isUiSession(sessionId: string | null | undefined): boolean {
  return typeof sessionId === "string" && sessionId.startsWith(UI_SESSION_PREFIX);
}

/** The header for the answer to an `initialize` that announced the extension (else none). */
export function uiSessionHeader(body: unknown): Record<string, string> {
  const init = (Array.isArray(body) ? body : [body]).find((m) => (m as { method?: unknown })?.method === "initialize") as
    | { params?: { capabilities?: unknown } }
    | undefined;
  if (!init || !announcesUi(init.params?.capabilities)) return {};
  return { "mcp-session-id": `${UI_SESSION_PREFIX}${crypto.randomUUID()}` };
}
