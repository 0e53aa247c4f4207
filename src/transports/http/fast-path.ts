/**
 * The hot path of a stateless endpoint: a single `tools/list` or `tools/call` that asked for no
 * progress. It is answered directly, with the same JSON-RPC bytes the SDK would send, because the SDK's
 * per-request server, transport and schema checks cost ~100 µs each time (profiled) where the work
 * itself costs a few. Anything else — initialize, batches, progress (SSE), resources, prompts, every
 * malformed or unusual request — goes through the SDK unchanged, which also produces the errors.
 * Returns the response body (bytes when the answer is a shared one, see tools/memo.ts), or undefined to fall through.
 */
import type { Prepared } from "../../server/prepare.js";
import type { ServerOptions } from "../../server/options.js";
import type { HttpIn } from "./handler.js";
import type { CallEnv } from "../../server/dispatch.js";
import { protocolVersions } from "../../server/protocol-versions.js";
import { sharedJson } from "../../tools/memo.js";

// Loaded on first use (they pull in Zod and the SDK), then shared: not re-resolved on every call.
let dispatch: Promise<typeof import("../../server/dispatch.js")> | undefined;
// Once loaded, used without an await (each await is a turn of the microtask queue on the hot path).
let dispatched: typeof import("../../server/dispatch.js") | undefined;
let versions: readonly string[] | undefined;

/**
 * A call's environment over HTTP. A class, not an object literal with a getter: V8 came to allocate that
 * literal straight into the old generation (allocation-site pretenuring), where, dead after each call, it
 * kept the request it pointed to alive through young collections, and each call's objects were copied
 * and promoted (profiled: ~1.3 MB promoted per scavenge, none without it). The signal is made only when read.
 */
class HttpCallEnv implements CallEnv {
  constructor(
    readonly opts: ServerOptions,
    readonly prepared: Prepared,
    readonly key: string | undefined,
    readonly progress: CallEnv["progress"],
    private readonly inp: HttpIn,
  ) {}
  get signal(): AbortSignal {
    return this.inp.signal;
  }
  gone(): boolean {
    return this.inp.gone ? this.inp.gone() : this.inp.signal.aborted;
  }
}

// Bytes as the web platform makes them (the fetch adapter runs this on Workers, Deno, Bun too).
const utf8 = new TextEncoder();
const RESULT_OPEN = utf8.encode(`{"result":`);
const JSON_TYPE = /^application\/json(\s*;\s*charset="?utf-8"?)?$/i;

export async function fastPath(
  inp: HttpIn,
  body: unknown,
  prepared: Prepared,
  opts: ServerOptions,
  key: string | undefined,
): Promise<string | Uint8Array<ArrayBuffer> | undefined> {
  if (!body || typeof body !== "object" || Array.isArray(body)) return undefined;
  const m = body as {
    jsonrpc?: unknown;
    id?: unknown;
    method?: unknown;
    params?: { name?: unknown; arguments?: unknown; _meta?: { progressToken?: unknown }; requestId?: unknown; reason?: unknown };
  };
  // Ids the SDK accepts as they are: strings and safe integers. Others (1e309, 2^64, 1.5) go to the SDK,
  // which refuses them; echoing them here would answer with null or a rounded id instead.
  if (m.jsonrpc !== "2.0" || (typeof m.id !== "string" && !Number.isSafeInteger(m.id))) return undefined;
  if (m.method !== "tools/list" && m.method !== "tools/call") return undefined;
  if (m.params !== undefined && (typeof m.params !== "object" || m.params === null || Array.isArray(m.params))) return undefined;
  if (m.params?._meta?.progressToken !== undefined) return undefined;
  // The transport's own header rules; when any would fail, the SDK answers with its error.
  const accept = inp.header("accept") ?? "";
  if (!accept.includes("application/json") || !accept.includes("text/event-stream")) return undefined;
  // Only the plain forms clients send; anything else (`text/plain; application/json`, odd parameters)
  // is for the SDK's media-type parser to judge.
  if (!JSON_TYPE.test(inp.header("content-type") ?? "")) return undefined;
  const version = inp.header("mcp-protocol-version");
  // The bundle knows the SDK's version list without loading it (see protocol-versions.ts).
  if (version !== null) {
    versions ??= (await protocolVersions()).supported;
    if (!versions.includes(version)) return undefined;
  }

  const tail = () => `,"jsonrpc":"2.0","id":${JSON.stringify(m.id)}}`;
  if (m.method === "tools/list") return `{"result":${prepared.listJson}${tail()}`;
  const name = m.params?.name;
  const args = m.params?.arguments;
  if (typeof name !== "string" || (args !== undefined && (typeof args !== "object" || args === null || Array.isArray(args))))
    return undefined;
  if (!dispatched) {
    dispatch ??= import("../../server/dispatch.js");
    dispatched = await dispatch;
  }
  const answer = await dispatched.callTool(new HttpCallEnv(opts, prepared, key, dispatched.noProgress, inp), name, args);
  const shared = sharedJson(answer);
  if (shared) {
    const end = utf8.encode(tail());
    const out = new Uint8Array(RESULT_OPEN.length + shared.length + end.length);
    out.set(RESULT_OPEN);
    out.set(shared, RESULT_OPEN.length);
    out.set(end, RESULT_OPEN.length + shared.length);
    return out;
  }
  // One string in the SDK's key order: joining the answer's JSON to the rest would copy it again.
  return JSON.stringify({ result: answer, jsonrpc: "2.0", id: m.id });
}
