/**
 * The web-standard handler: `(Request) => Promise<Response>`, stateless Streamable HTTP at `/mcp`.
 * Runs unchanged on Node (via ./node.ts), Cloudflare Workers, Vercel, Deno and Bun (`fal-mcp/fetch`).
 */
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { current } from "../search.js";
import { createServer, prepareServer } from "../server/create.js";
import type { ServerOptions } from "../server/options.js";
import { parseAuthorization } from "./auth.js";

export interface HttpOptions extends ServerOptions {
  allowAnonymous?: boolean;
  /** Exact origins browsers may call from; "*" allows any (safe: auth is a header, not a cookie). */
  allowedOrigins?: string[];
  /** Bound to localhost: only localhost origins and Host headers pass (DNS-rebinding defence). */
  localOnly?: boolean;
  maxBodyBytes?: number;
  /** Names this process in /healthz (e.g. `worker-2` under --workers), so balancing can be seen. */
  instance?: string;
  /** Aborted on shutdown: in-flight run_model calls return their request_id at once. */
  shutdownSignal?: AbortSignal;
}

const LOCAL_HOST = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/i;

function jsonRpcError(status: number, message: string, headers: Record<string, string> = {}, code = -32000): Response {
  return new Response(JSON.stringify({ jsonrpc: "2.0", error: { code, message }, id: null }), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

export async function createFetchHandler(opts: HttpOptions): Promise<(req: Request) => Promise<Response>> {
  const prepared = await prepareServer(opts);
  const maxBody = opts.maxBodyBytes ?? 16 * 1024 * 1024;
  const allowAll = opts.allowedOrigins?.includes("*") ?? !opts.localOnly;
  const allowed = new Set(opts.allowedOrigins ?? []);
  const originOk = (origin: string) => {
    if (allowed.has(origin)) return true;
    try {
      const host = new URL(origin).host;
      return opts.localOnly ? LOCAL_HOST.test(host) : allowAll;
    } catch {
      return false;
    }
  };
  const cors = (origin: string | null): Record<string, string> =>
    origin && originOk(origin)
      ? {
          "access-control-allow-origin": origin,
          vary: "Origin",
          "access-control-allow-headers": "authorization, content-type, accept, mcp-protocol-version, last-event-id",
          "access-control-allow-methods": "POST, OPTIONS",
          "access-control-expose-headers": "mcp-protocol-version, www-authenticate",
          "access-control-max-age": "600",
        }
      : {};
  const health = JSON.stringify({ ok: true, name: "fal-mcp", tools: prepared.list.length, models: current().models.length, ...(opts.instance ? { instance: opts.instance } : {}) });

  return async (req: Request): Promise<Response> => {
    const url = new URL(req.url);
    const origin = req.headers.get("origin");
    if (url.pathname === "/healthz") return new Response(health, { headers: { "content-type": "application/json" } });
    if (url.pathname !== "/mcp") return jsonRpcError(404, `Not found: the MCP endpoint is POST /mcp`);
    if (opts.localOnly && !LOCAL_HOST.test(req.headers.get("host") ?? url.host)) return jsonRpcError(403, "Forbidden: this server only answers requests addressed to localhost");
    if (origin && !originOk(origin)) return jsonRpcError(403, `Forbidden: origin ${origin.slice(0, 100)} is not allowed`);
    const corsHeaders = cors(origin);
    if (req.method === "OPTIONS") return new Response(null, { status: 204, headers: corsHeaders });
    if (req.method !== "POST")
      return jsonRpcError(405, "Method not allowed: this stateless server answers POST /mcp only (no standalone SSE stream, no sessions)", { allow: "POST, OPTIONS", ...corsHeaders });

    const auth = parseAuthorization(req.headers.get("authorization"), opts.allowAnonymous ?? false);
    if (!auth.ok) return jsonRpcError(401, auth.message, { "www-authenticate": `Bearer realm="fal-mcp", error="invalid_token"`, ...corsHeaders });

    const declared = Number(req.headers.get("content-length") ?? 0);
    if (declared > maxBody) return jsonRpcError(413, `Request body too large (limit ${maxBody} bytes)`, corsHeaders);
    let body: unknown;
    try {
      const text = await readLimited(req, maxBody);
      body = JSON.parse(text);
    } catch (e) {
      if (e instanceof TooLarge) return jsonRpcError(413, `Request body too large (limit ${maxBody} bytes)`, corsHeaders);
      return jsonRpcError(400, "Parse error: the body is not valid JSON", corsHeaders, -32700);
    }

    // Progress needs a stream: SSE when the call asked for progress, a plain JSON answer otherwise.
    const msgs = Array.isArray(body) ? body : [body];
    const wantsStream = msgs.some((m: any) => m?.params?._meta?.progressToken !== undefined);
    const transport = new WebStandardStreamableHTTPServerTransport({ enableJsonResponse: !wantsStream });
    const server = createServer({ ...opts, ...(opts.shutdownSignal ? { shutdownSignal: opts.shutdownSignal } : {}) }, prepared, auth.key);
    await server.connect(transport);
    const res = await transport.handleRequest(req, { parsedBody: body });
    if (!wantsStream) void server.close();
    else req.signal?.addEventListener("abort", () => void server.close(), { once: true });
    if (!Object.keys(corsHeaders).length) return res;
    const headers = new Headers(res.headers);
    for (const [k, v] of Object.entries(corsHeaders)) headers.set(k, v);
    return new Response(res.body, { status: res.status, headers });
  };
}

class TooLarge extends Error {}

async function readLimited(req: Request, max: number): Promise<string> {
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    n += value.length;
    if (n > max) {
      await reader.cancel().catch(() => undefined);
      throw new TooLarge();
    }
    chunks.push(value);
  }
  const all = new Uint8Array(n);
  let off = 0;
  for (const c of chunks) all.set(c, off), (off += c.length);
  return new TextDecoder().decode(all);
}
