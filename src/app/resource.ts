/**
 * The viewer as an MCP resource: one self-contained HTML document (built by scripts/build-viewer.mjs
 * into dist/, embedded in a JS module so runtimes without a file system serve it too), with the CSP
 * hosts need to let its media load.
 */
import { McpError, ErrorCode, type ReadResourceResult, type Resource } from "@modelcontextprotocol/sdk/types.js";
import { FAL_PRODUCTION_URLS, type FalUrls } from "../fal/client.js";
import { APP_MIME, VIEWER_URI } from "./ui.js";

/** fal's media CDN (model outputs) and the storage host upload_file returns (`v3.fal.media`, `v3b.…`). */
export const FAL_MEDIA_ORIGINS = ["https://fal.media", "https://*.fal.media"];

export const viewerResource: Resource = {
  uri: VIEWER_URI,
  name: "fal media viewer",
  title: "fal media viewer",
  description: "Shows the images, video and audio a fal job returned, and follows a running job to its end.",
  mimeType: APP_MIME,
};

/**
 * Origins the viewer loads media from: fal's CDN, plus every configured fal origin that is not fal's
 * own (with --emulator, the emulator serves the media on loopback). The viewer fetches nothing itself.
 */
export function viewerCsp(urls: FalUrls): { resourceDomains: string[]; connectDomains: string[] } {
  const own = new Set(Object.values(FAL_PRODUCTION_URLS).map((u) => new URL(u).origin));
  const extra = [...new Set(Object.values(urls).map((u) => new URL(u).origin))].filter((o) => !own.has(o));
  return { resourceDomains: [...FAL_MEDIA_ORIGINS, ...extra], connectDomains: [] };
}

let html: Promise<string> | undefined;
const loadHtml = () =>
  (html ??= import("./viewer-html.js").then(
    (m) => m.default,
    () => {
      html = undefined;
      throw new McpError(ErrorCode.InternalError, "The media viewer is not built into this copy of fal-mcp: run `npm run build`.");
    },
  ));

export async function readViewer(urls: FalUrls): Promise<ReadResourceResult> {
  return {
    contents: [
      { uri: VIEWER_URI, mimeType: APP_MIME, text: await loadHtml(), _meta: { ui: { csp: viewerCsp(urls), prefersBorder: true } } },
    ],
  };
}
