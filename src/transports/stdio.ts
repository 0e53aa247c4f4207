/**
 * stdio transport: one local client, the key from FAL_KEY, local file paths allowed for upload_file.
 *
 * A cold start is what a stdio user waits for (the client spawns the server and lists its tools), so the
 * first answers do not wait for the MCP SDK and Zod: a small front reads the JSON lines itself and
 * answers `initialize`, `ping`, `tools/list` and plain `tools/call` directly (the same JSON-RPC the SDK
 * sends; test/e2e/stdio-front.test.ts compares them). Everything else — progress, resources, prompts,
 * anything unusual or malformed — goes to the SDK's `Server`, loaded in the background just after start,
 * through an in-memory transport. The SDK is shown the client's `initialize` too, so its view of the
 * client (capabilities, version) is the same as if it had answered it.
 */
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { prepareServer } from "../server/prepare.js";
import type { ServerOptions } from "../server/options.js";
import { CAPABILITIES, INSTRUCTIONS, SERVER_INFO } from "../server/identity.js";
import { BUILT_IN_VERSIONS, protocolVersions } from "../server/protocol-versions.js";
import { announcesUi } from "../app/ui.js";

/** The SDK's own limit for one buffered stdio message. */
const MAX_LINE_BYTES = 10 * 1024 * 1024;
/** Answers to the replayed `initialize` carry this id and are not written out. */
const SHADOW_ID = "fal-mcp:front-initialize";

/** A JSON-RPC line as the front reads it: every field unknown until checked (the SDK judges what the front passes on). */
type Msg = {
  jsonrpc?: unknown;
  id?: unknown;
  method?: unknown;
  params?: {
    name?: unknown;
    arguments?: unknown;
    cursor?: unknown;
    _meta?: { progressToken?: unknown };
    requestId?: unknown;
    reason?: unknown;
    protocolVersion?: unknown;
    capabilities?: unknown;
    clientInfo?: { name?: unknown; version?: unknown };
  };
};

export async function runStdio(opts: ServerOptions, key: string | undefined, front = true): Promise<void> {
  const prepared = await prepareServer(opts);
  const write = (line: string) => void process.stdout.write(`${line}\n`);
  /** What the SDK must see before anything it answers: the client's initialize, then initialized. */
  const replay: string[] = [];
  let ui = false;
  let sdk: Promise<Transport & { deliver(line: string): void }> | undefined;
  const loadSdk = () =>
    (sdk ??= (async () => {
      const [{ createServer }, { deserializeMessage }] = await Promise.all([
        import("../server/create.js"),
        import("@modelcontextprotocol/sdk/shared/stdio.js"),
      ]);
      const bridge: Transport & { deliver(line: string): void } = {
        async start() {},
        async close() {
          bridge.onclose?.();
        },
        async send(m: JSONRPCMessage) {
          if ("id" in m && m.id === SHADOW_ID) return;
          write(JSON.stringify(m));
        },
        // As the SDK's stdio transport: a line that is not a JSON-RPC message is reported, not answered.
        deliver(line: string) {
          let m: JSONRPCMessage;
          try {
            m = deserializeMessage(line);
          } catch (e) {
            bridge.onerror?.(e as Error);
            return;
          }
          bridge.onmessage?.(m);
        },
      };
      await createServer(opts, prepared, key).connect(bridge);
      for (const line of replay) bridge.deliver(line);
      return bridge;
    })());
  // Chained so that messages reach the SDK in the order they came, however long it takes to load.
  let toSdk: Promise<unknown> = Promise.resolve();
  const forward = (line: string) =>
    (toSdk = toSdk
      .then(loadSdk)
      .then((b) => b.deliver(line))
      .catch((e) => void process.stderr.write(`fal-mcp: cannot load the MCP server: ${(e as Error).message}\n`)));

  // Tool calls answered here, by id, so a notifications/cancelled can stop them.
  const inflight = new Map<string | number, AbortController>();
  const running = new Set<Promise<void>>();
  let dispatch: Promise<typeof import("../server/dispatch.js")> | undefined;

  function answer(id: string | number, result: string) {
    write(`{"result":${result},"jsonrpc":"2.0","id":${JSON.stringify(id)}}`);
  }

  async function fast(m: Msg, line: string): Promise<boolean> {
    if (!front || m.jsonrpc !== "2.0") return false;
    if (m.params !== undefined && (typeof m.params !== "object" || m.params === null || Array.isArray(m.params))) return false;
    if (m.id === undefined) {
      if (m.method === "notifications/initialized" && replay.length === 1 && !sdk) {
        replay.push(line);
        return true;
      }
      if (m.method === "notifications/cancelled") {
        const ac = inflight.get(m.params?.requestId as string | number);
        if (ac) {
          ac.abort(m.params?.reason ?? "cancelled by the client");
          return true;
        }
      }
      return false;
    }
    const id = m.id;
    if (typeof id !== "string" && typeof id !== "number") return false;
    if (m.params?._meta?.progressToken !== undefined) return false;
    switch (m.method) {
      case "initialize": {
        const p = m.params;
        if (sdk || replay.length || typeof p?.protocolVersion !== "string" || typeof p.capabilities !== "object" || p.capabilities === null)
          return false;
        if (typeof p.clientInfo?.name !== "string" || typeof p.clientInfo?.version !== "string") return false;
        const v = BUILT_IN_VERSIONS ?? (await protocolVersions());
        const protocolVersion = v.supported.includes(p.protocolVersion) ? p.protocolVersion : v.latest;
        replay.push(JSON.stringify({ ...m, id: SHADOW_ID }));
        // A client that announced the MCP Apps extension gets the list with the viewer (app/ui.ts).
        ui = announcesUi(p.capabilities);
        answer(id, JSON.stringify({ protocolVersion, capabilities: CAPABILITIES, serverInfo: SERVER_INFO, instructions: INSTRUCTIONS }));
        return true;
      }
      case "ping":
        answer(id, "{}");
        return true;
      case "tools/list":
        if (m.params?.cursor !== undefined) return false;
        answer(id, ui ? prepared.ui.listJson : prepared.listJson);
        return true;
      case "tools/call": {
        const name = m.params?.name;
        const args = m.params?.arguments;
        if (typeof name !== "string" || (args !== undefined && (typeof args !== "object" || args === null || Array.isArray(args))))
          return false;
        if (inflight.has(id)) return false;
        const ac = new AbortController();
        inflight.set(id, ac);
        dispatch ??= import("../server/dispatch.js");
        const { callTool, noProgress } = await dispatch;
        const result = await callTool({ opts, prepared, key, signal: ac.signal, progress: noProgress }, name, args);
        inflight.delete(id);
        // A cancelled request gets no answer (MCP: the receiver should not respond).
        if (!ac.signal.aborted || stopping) answer(id, JSON.stringify(result));
        return true;
      }
      default:
        return false;
    }
  }

  function onLine(line: string) {
    let m: Msg | undefined;
    try {
      m = JSON.parse(line);
    } catch {
      m = undefined;
    }
    if (!m || typeof m !== "object" || Array.isArray(m)) return void forward(line);
    const p = fast(m, line).then(
      (handled) => void (handled || forward(line)),
      () => void forward(line),
    );
    running.add(p);
    void p.finally(() => running.delete(p));
  }

  let buf = "";
  let bufBytes = 0;
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk: string) => {
    bufBytes += Buffer.byteLength(chunk);
    if (bufBytes > MAX_LINE_BYTES && !chunk.includes("\n")) {
      process.stderr.write(`fal-mcp: a stdio message is over ${MAX_LINE_BYTES} bytes; dropped\n`);
      buf = "";
      bufBytes = 0;
      return;
    }
    buf += chunk;
    for (let i = buf.indexOf("\n"); i >= 0; i = buf.indexOf("\n")) {
      const line = buf.slice(0, i).replace(/\r$/, "");
      buf = buf.slice(i + 1);
      if (line.trim()) onLine(line);
    }
    bufBytes = Buffer.byteLength(buf);
  });

  if (!front) void loadSdk();
  // The SDK and the tool handlers load a moment after start, when the first answers have gone.
  const warm = setTimeout(
    () =>
      void loadSdk()
        .then(() => (dispatch ??= import("../server/dispatch.js")))
        .catch(() => undefined),
    250,
  );
  warm.unref();

  // On stdin's end or a signal: in-flight calls are stopped (run_model hands back its request_id), their
  // answers written, then the process exits.
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    for (const ac of inflight.values()) ac.abort(new Error("server shutting down"));
    await Promise.race([Promise.allSettled([...running, toSdk]), new Promise((r) => setTimeout(r, 2000).unref())]);
    if (sdk) await (await sdk).close().catch(() => undefined);
    process.stdout.write("", () => process.exit(0));
  };
  process.stdin.once("end", stop);
  // A client that goes away mid-answer makes stdout fail (EPIPE): that ends the session, quietly, rather
  // than surfacing as an uncaught stream error.
  process.stdout.on("error", stop);
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
