/**
 * `fal-mcp/fetch`: the MCP endpoint as a web-standard `(Request) => Promise<Response>`, for runtimes
 * with no Node server: Cloudflare Workers (`export default`), Vercel, Deno (`Deno.serve(handler.fetch)`),
 * Bun (`export default handler`). Configuration comes from the runtime's environment bindings.
 * Everything immutable is built once per isolate; each request still gets its own MCP server.
 */
import { createFetchHandler } from "./handler.js";
import { createUrlGuard } from "../../net/guard.js";
import { urlsFromEnv } from "../../fal/client.js";

export interface FetchEnv {
  FAL_API_URL?: string;
  FAL_QUEUE_URL?: string;
  FAL_RUN_URL?: string;
  FAL_REST_URL?: string;
  FAL_DOCS_URL?: string;
  /** "1" or "true": keyless requests may use the discovery tools. */
  FAL_MCP_ALLOW_ANONYMOUS?: string;
  /** Comma list of browser origins allowed, or "*". */
  FAL_MCP_ALLOWED_ORIGINS?: string;
  /** Origin exempt from the SSRF check (an emulator in tests), never set in production. */
  FAL_MCP_EMULATOR_ORIGIN?: string;
  /** OAuth sign-in: comma-separated `[kid:]secret` (a Worker secret). Unset: raw keys only. */
  FAL_MCP_TOKEN_SECRET?: string;
  /** The public origin, when the request URL is not what clients see. */
  FAL_MCP_PUBLIC_URL?: string;
}

const yes = (v: string | undefined) => v === "1" || v === "true";
let built: { key: string; handler: Promise<(r: Request) => Promise<Response>> } | undefined;

export function handlerFor(env: FetchEnv = {}): Promise<(r: Request) => Promise<Response>> {
  const key = JSON.stringify(env);
  if (built?.key === key) return built.handler;
  const origins = env.FAL_MCP_ALLOWED_ORIGINS?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const handler = oauthFromEnv(env).then((oauth) =>
    createFetchHandler({
      urls: urlsFromEnv(env as Record<string, string | undefined>),
      mode: "hosted",
      // No DNS API on these runtimes: literal addresses and internal names are checked; the platform's
      // egress does not reach private networks.
      guard: createUrlGuard({ resolveNames: false, exemptOrigins: env.FAL_MCP_EMULATOR_ORIGIN ? [env.FAL_MCP_EMULATOR_ORIGIN] : [] }),
      docsUrl: env.FAL_DOCS_URL || "https://fal.ai/docs",
      allowAnonymous: yes(env.FAL_MCP_ALLOW_ANONYMOUS),
      ...(origins ? { allowedOrigins: origins } : {}),
      ...(oauth ? { oauth } : {}),
    }),
  );
  built = { key, handler };
  return handler;
}

async function oauthFromEnv(env: FetchEnv) {
  if (!env.FAL_MCP_TOKEN_SECRET) return undefined;
  const [{ parseSecrets }, { parsePublicUrl }] = await Promise.all([import("./oauth/seal.js"), import("./oauth/index.js")]);
  return {
    secrets: await parseSecrets(env.FAL_MCP_TOKEN_SECRET),
    ...(env.FAL_MCP_PUBLIC_URL ? { publicUrl: parsePublicUrl(env.FAL_MCP_PUBLIC_URL) } : {}),
    resolveNames: false,
  };
}

/** Workers/Bun module shape: `export default` this object. */
export default {
  async fetch(request: Request, env?: FetchEnv): Promise<Response> {
    return (await handlerFor(env ?? {}))(request);
  },
};
