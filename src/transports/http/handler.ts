/**
 * The MCP endpoint: stateless Streamable HTTP at `/mcp`, `GET /healthz`. One core, `createHttpCore`,
 * speaks a minimal request/answer shape so each adapter pays only for what it needs: the web-standard
 * `createFetchHandler` (Workers, Vercel, Deno, Bun: `fal-mcp/fetch`) and the Node adapter (./node.ts),
 * which builds a web `Request` only when a call goes through the SDK's transport.
 */
import { prepareServer, preparedFor } from "../../server/prepare.js";
import { parseSchemaProfile } from "../../schema/profiles.js";
import type { ServerOptions } from "../../server/options.js";
import { current } from "../../catalog/search.js";
import { parseAuthorization } from "./auth.js";
import { fastPath } from "./fast-path.js";
import { countJsonValues, MAX_BODY_VALUES } from "../../tools/bounds.js";
import { restrictPrepared } from "./oauth/limits.js";
import type { OAuthConfig } from "./oauth/setup.js";
import { isUiSession, uiSessionHeader } from "../../app/ui.js";
import { type HttpIn, type HttpOut, TooLarge } from "./types.js";
import { BodyTooLarge, readBoundedText } from "../../net/bounded-read.js";
import { mergeHeaders } from "../../headers.js";

export interface HttpOptions extends ServerOptions {
  allowAnonymous?: boolean;
  /** Exact origins browsers may call from; "*" allows any (safe: auth is a header, not a cookie). */
  allowedOrigins?: string[];
  /** Bound to localhost: only localhost origins and Host headers pass (DNS-rebinding defence). */
  localOnly?: boolean;
  maxBodyBytes?: number;
  /**
   * Bytes of request bodies this process may be receiving at once (default 256 MB): each body may be up
   * to maxBodyBytes and take the body timeout to arrive, so without a budget memory grows with the
   * number of slow senders. Past it, new bodies get 503 + Retry-After.
   */
  bodyBudgetBytes?: number;
  /** Names this process in /healthz (e.g. `worker-2` under --workers), so balancing can be seen. */
  instance?: string;
  /** Aborted on shutdown: in-flight run_model calls return their request_id at once. */
  shutdownSignal?: AbortSignal;
  /** false: every call goes through the SDK (tests compare both paths; default true). */
  fastPath?: boolean;
  /** OAuth sign-in (FAL_MCP_TOKEN_SECRET): this server also acts as its own authorization server. */
  oauth?: OAuthConfig;
}

export type { HttpIn, HttpOut } from "./types.js";
export { TooLarge } from "./types.js";
/** The client did not finish sending the body in time (Node adapter's --body-timeout). */
export class BodyTimeout extends Error {}

const nextTurn = () => new Promise((r) => setTimeout(r, 0));

const LOCAL_HOST = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/i;

const JSON_ANSWER = { "content-type": "application/json" };
/** A JSON answer's headers plus `extra` (CORS, a challenge): a new object each time, serve() adds to it. */
const jsonHeaders = (extra: Record<string, string>) => mergeHeaders(JSON_ANSWER, extra);

function jsonRpcError(status: number, message: string, headers: Record<string, string> = {}, code = -32000): HttpOut {
  return {
    status,
    headers: jsonHeaders(headers),
    body: JSON.stringify({ jsonrpc: "2.0", error: { code, message }, id: null }),
  };
}

export async function createHttpCore(opts: HttpOptions): Promise<(input: HttpIn) => Promise<HttpOut>> {
  const base = await prepareServer(opts);
  // The SDK and the tool handlers load in the background: a cold process answers tools/list (fast path)
  // before they are ready, and the first call that needs them waits for them.
  let sdk:
    | Promise<[typeof import("@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js"), typeof import("../../server/create.js")]>
    | undefined;
  const loadSdk = () =>
    (sdk ??= Promise.all([import("@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js"), import("../../server/create.js")]));
  // Evaluating them takes ~100 ms of CPU: started a moment after boot so the first requests go first.
  const warm = setTimeout(
    () =>
      void loadSdk()
        .then(() => import("../../server/dispatch.js"))
        .catch(() => undefined),
    250,
  );
  (warm as { unref?: () => void }).unref?.();
  const maxBody = opts.maxBodyBytes ?? 16 * 1024 * 1024;
  const bodyBudget = opts.bodyBudgetBytes ?? 256 * 1024 * 1024;
  let receiving = 0;
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
          "access-control-allow-headers":
            "authorization, content-type, accept, mcp-protocol-version, mcp-session-id, last-event-id, x-schema-profile",
          "access-control-allow-methods": "POST, OPTIONS",
          "access-control-expose-headers": "mcp-protocol-version, mcp-session-id, www-authenticate",
          "access-control-max-age": "600",
        }
      : {};
  // jose and the OAuth routes load only when sign-in is configured.
  const oauth = opts.oauth ? (await import("./oauth/setup.js")).oauthFor(opts, opts.oauth) : undefined;
  const health = () =>
    JSON.stringify({
      ok: true,
      name: "fal-mcp",
      tools: base.list.length,
      models: current().models.length,
      ...(opts.instance ? { instance: opts.instance } : {}),
    });

  return async (inp: HttpIn): Promise<HttpOut> => {
    // "/mcp/" is "/mcp" (and the metadata paths likewise): users paste the slash and clients add it.
    if (inp.path.length > 1 && inp.path.endsWith("/")) inp = withPath(inp, inp.path.slice(0, -1));
    const origin = inp.header("origin");
    if (inp.path === "/healthz") return { status: 200, headers: { "content-type": "application/json" }, body: health() };
    // DNS-rebinding defence for everything but the health check: the sign-in routes as much as /mcp.
    if (opts.localOnly && !LOCAL_HOST.test(inp.header("host") ?? ""))
      return jsonRpcError(403, "Forbidden: this server only answers requests addressed to localhost");
    if (oauth && inp.path !== "/mcp") {
      const answer = await oauth.route(inp);
      if (answer) return answer;
    }
    if (inp.path !== "/mcp") return jsonRpcError(404, "Not found: the MCP endpoint is POST /mcp");
    if (origin && !originOk(origin)) return jsonRpcError(403, `Forbidden: origin ${origin.slice(0, 100)} is not allowed`);
    const corsHeaders = cors(origin);
    if (inp.method === "OPTIONS") return { status: 204, headers: corsHeaders, body: null };
    if (inp.method !== "POST")
      return jsonRpcError(405, "Method not allowed: this stateless server answers POST /mcp only (no standalone SSE stream, no sessions)", {
        allow: "POST, OPTIONS",
        ...corsHeaders,
      });

    // A client that needs a stricter dialect asks per request (x-schema-profile or ?schema_profile=).
    let prepared = base;
    const wanted = inp.header("x-schema-profile") ?? (inp.query ? new URLSearchParams(inp.query).get("schema_profile") : null);
    if (wanted !== null) {
      try {
        prepared = preparedFor(base, parseSchemaProfile(wanted, "x-schema-profile"));
      } catch (e) {
        return jsonRpcError(400, (e as Error).message, corsHeaders);
      }
    }

    // A sealed access token (OAuth sign-in) carries the key and the user's limits; anything else is a raw key.
    const authorization = inp.header("authorization");
    const bearer = /^bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
    let auth: { key: string | undefined };
    let prepped = prepared;
    if (oauth && bearer && oauth.isToken(bearer)) {
      const v = await oauth.verify(bearer, inp);
      if (!v.ok)
        return jsonRpcError(401, v.description, {
          "www-authenticate": oauth.challenge(inp, { code: "invalid_token", description: v.description }),
          ...corsHeaders,
        });
      auth = { key: v.key };
      prepped = restrictPrepared(prepared, v.limits);
    } else {
      const raw = parseAuthorization(authorization, opts.allowAnonymous ?? false);
      if (!raw.ok) {
        const challenge = oauth
          ? oauth.challenge(inp, authorization ? { code: "invalid_token", description: raw.message } : undefined)
          : // RFC 6750 §3.1: a request that sent no credentials gets no error code.
            `Bearer realm="fal-mcp"${authorization ? ', error="invalid_token"' : ""}`;
        return jsonRpcError(401, raw.message, { "www-authenticate": challenge, ...corsHeaders });
      }
      auth = raw;
    }

    if (Number(inp.header("content-length") ?? 0) > maxBody)
      return jsonRpcError(413, `Request body too large (limit ${maxBody} bytes)`, corsHeaders);
    let body: unknown;
    // A body without a length is reserved at the most it may be.
    const declared = Number(inp.header("content-length") ?? Number.NaN);
    const reserve = Number.isFinite(declared) && declared >= 0 ? declared : maxBody;
    if (receiving + reserve > bodyBudget)
      return jsonRpcError(503, "Server busy: too many request bodies are arriving at once; retry in a second", {
        "retry-after": "1",
        ...corsHeaders,
      });
    receiving += reserve;
    try {
      const text = await inp.bodyText(maxBody).finally(() => (receiving -= reserve));
      // A large body is scanned, then parsed, each on a later turn of the event loop: calls waiting
      // behind it go in between (each step is a few ms per MB).
      const large = text.length > 1024 * 1024;
      if (large) await nextTurn();
      // Millions of tiny values cost seconds of JSON.parse on the event loop: counted (cheaply) first.
      // (A value takes at least one character: a body no longer than the limit cannot pass it.)
      if (text.length > MAX_BODY_VALUES && countJsonValues(text, MAX_BODY_VALUES) > MAX_BODY_VALUES)
        return jsonRpcError(
          400,
          `Invalid request: the body holds more than ${MAX_BODY_VALUES} JSON values; send large media with upload_file and pass its URL`,
          corsHeaders,
          -32600,
        );
      if (large) await nextTurn();
      body = JSON.parse(text);
    } catch (e) {
      if (e instanceof TooLarge) return jsonRpcError(413, `Request body too large (limit ${maxBody} bytes)`, corsHeaders);
      if (e instanceof BodyTimeout) return jsonRpcError(408, "Request timeout: the body did not arrive in time", corsHeaders);
      return jsonRpcError(400, "Parse error: the body is not valid JSON", corsHeaders, -32700);
    }

    // A client that announced the MCP Apps extension (app/ui.ts) is answered by the SDK path.
    const ui = isUiSession(inp.header("mcp-session-id"));
    const fast = opts.fastPath === false || ui ? undefined : await fastPath(inp, body, prepped, opts, auth.key);
    if (fast) return { status: 200, headers: jsonHeaders(corsHeaders), body: fast };

    // Progress needs a stream: SSE when the call asked for progress, a plain JSON answer otherwise.
    const req = inp.toRequest();
    const msgs = Array.isArray(body) ? body : [body];
    const wantsStream = msgs.some(
      (m: { params?: { _meta?: { progressToken?: unknown } } } | null) => m?.params?._meta?.progressToken !== undefined,
    );
    const [{ WebStandardStreamableHTTPServerTransport }, { createServer }] = await loadSdk();
    const transport = new WebStandardStreamableHTTPServerTransport({ enableJsonResponse: !wantsStream });
    const server = createServer(opts, prepped, auth.key, { ui });
    await server.connect(transport);
    const res = await transport.handleRequest(req, { parsedBody: body });
    // A JSON answer is complete here: the per-request server and transport are simply dropped (closing
    // them costs an error object and an abort per request). A stream closes when the client goes.
    if (wantsStream) inp.signal.addEventListener("abort", () => void server.close(), { once: true });
    const added = { ...corsHeaders, ...uiSessionHeader(body) };
    if (!Object.keys(added).length) return { response: res };
    const headers = new Headers(res.headers);
    for (const [k, v] of Object.entries(added)) headers.set(k, v);
    return { response: new Response(res.body, { status: res.status, headers }) };
  };
}

/** The same request at another path (a spread would read the adapters' lazy getters, signal included). */
function withPath(inp: HttpIn, path: string): HttpIn {
  return Object.create(inp, { path: { value: path, enumerable: true } }) as HttpIn;
}

/** The web-standard handler: `(Request) => Promise<Response>`. */
export async function createFetchHandler(opts: HttpOptions): Promise<(req: Request) => Promise<Response>> {
  const core = await createHttpCore(opts);
  return async (req: Request) => {
    let consumed: string | undefined;
    const out = await core({
      method: req.method,
      path: new URL(req.url).pathname,
      query: new URL(req.url).search.slice(1),
      url: req.url,
      header: (n) => req.headers.get(n),
      bodyText: async (max) => (consumed = await readLimited(req, max)),
      signal: opts.shutdownSignal ? AbortSignal.any([req.signal, opts.shutdownSignal]) : req.signal,
      // The body was read above; hand the SDK a Request without it (it receives parsedBody).
      toRequest: () =>
        consumed === undefined ? req : new Request(req.url, { method: req.method, headers: req.headers, signal: req.signal }),
    });
    return "response" in out ? out.response : new Response(out.body, { status: out.status, headers: out.headers });
  };
}

async function readLimited(req: Request, max: number): Promise<string> {
  try {
    return await readBoundedText(req, max);
  } catch (e) {
    throw e instanceof BodyTooLarge ? new TooLarge() : e;
  }
}
