#!/usr/bin/env node
/**
 * fal-mcp command line: serve (Streamable HTTP), stdio, emulator, config.
 * Errors in flags are one sentence and exit code 2; never a stack trace.
 */
import { atLeastOne, type CliValues, fail, int, list, num, parse, UsageError } from "./cli/args.js";
import { COMMAND_HELP, commandHelp, USAGE } from "./cli/usage.js";
import { type ToolFlags, toolFlags } from "./cli/tool-flags.js";
import type { Emulator } from "./emulator/server.js";
import type { Fault } from "./emulator/faults.js";
import { emulatorUrls } from "./emulator/urls.js";
import { urlsFromEnv, type FalUrls } from "./fal/client.js";
import { createUrlGuard } from "./net/guard.js";
import type { ServerOptions } from "./server/options.js";
import { SERVER_INFO } from "./server/identity.js";

// The emulator loads only when asked for: `serve` without --emulator starts faster without it.
const loadEmulator = () => import("./emulator/server.js");

const TOOL_OPTIONS = {
  emulator: { type: "boolean" },
  tools: { type: "string" },
  "read-only": { type: "boolean" },
  "disable-tools": { type: "string" },
  "allow-models": { type: "string" },
  "wait-seconds": { type: "string" },
  "allow-private-urls": { type: "boolean" },
  "inline-images": { type: "boolean" },
  "no-live": { type: "boolean" },
  "schema-profile": { type: "string" },
} as const;

function lazyNodeFetch(): typeof fetch {
  let f: typeof fetch | undefined;
  let loading: Promise<typeof fetch> | undefined;
  let raw: typeof import("./fal/node-fetch.js").rawRequest | undefined;
  let stream: typeof import("./fal/node-event-stream.js").openEventStream | undefined;
  const load = () => {
    loading ??= Promise.all([import("./fal/node-fetch.js"), import("./fal/node-event-stream.js")]).then(([m, s]) => {
      raw = m.rawRequest;
      stream = s.openEventStream;
      f = m.nodeFetch;
      return f;
    });
    return loading;
  };
  // Loaded a moment after start (after the first answers), or by the first call if that comes sooner.
  setTimeout(() => void load(), 250).unref();
  const lazy: typeof fetch = (input, init) => (f ? f(input, init) : load().then((g) => g(input, init)));
  // fal/client.ts's JSON calls take node-fetch's raw path (see RAW_REQUEST there) through this wrapper too.
  const rawLazy: typeof import("./fal/node-fetch.js").rawRequest = (call) => (raw ? raw(call) : load().then(() => raw!(call)));
  // And run_model's status streams take node-event-stream's bare socket (see RAW_STREAM in fal/wire.ts).
  const streamLazy: typeof import("./fal/node-event-stream.js").openEventStream = (call) =>
    stream ? stream(call) : load().then(() => stream!(call));
  Object.defineProperty(lazy, Symbol.for("fal-mcp.raw-stream"), { value: streamLazy });
  return Object.defineProperty(lazy, Symbol.for("fal-mcp.raw-request"), { value: rawLazy });
}

async function serverOptions(
  v: CliValues,
  flags: ToolFlags,
  mode: "stdio" | "hosted",
): Promise<{ opts: ServerOptions; emulator?: Emulator }> {
  let urls: FalUrls = urlsFromEnv();
  let emulator: Emulator | undefined;
  let emulatorOrigin = process.env.FAL_MCP_EMULATOR_ORIGIN;
  if (v.emulator && !emulatorOrigin) {
    emulator = await (await loadEmulator()).startEmulator({ port: 0, keys: list(process.env.FAL_EMULATOR_KEYS) ?? [] });
    emulatorOrigin = emulator.url;
  }
  // Workers of `serve --workers N --emulator` share the primary's emulator (one job store).
  if (v.emulator && emulatorOrigin) urls = emulatorUrls(emulatorOrigin);
  const docsUrl = v.emulator && emulatorOrigin ? `${emulatorOrigin}/docs` : process.env.FAL_DOCS_URL || "https://fal.ai/docs";
  const opts: ServerOptions = {
    urls,
    mode,
    guard: createUrlGuard({
      allowPrivate: Boolean(v["allow-private-urls"]),
      exemptOrigins: v.emulator && emulatorOrigin ? [emulatorOrigin] : [],
    }),
    readOnly: Boolean(v["read-only"]),
    // Calls to fal go through a lean node:http fetch (see fal/node-fetch.ts), loaded by the first call
    // (node:http/https cost a cold start that may only list tools).
    fetch: lazyNodeFetch(),
    inlineImages: Boolean(v["inline-images"]),
    docsUrl,
    liveCatalog: !v["no-live"],
  };
  const { toolCount, ...applied } = flags;
  Object.assign(opts, applied);
  // Said once at start: what each client does with this many tools (see model-tools.ts).
  if (toolCount !== undefined)
    for (const w of (await import("./server/model-tools.js")).toolCountWarnings(toolCount)) process.stderr.write(`fal-mcp: ${w}\n`);
  return { opts, ...(emulator ? { emulator } : {}) };
}

/** FAL_MCP_TOKEN_SECRET and --public-url, checked up front: a bad secret stops `serve` with a sentence. */
async function oauthConfig(publicUrl: string | undefined) {
  const raw = process.env.FAL_MCP_TOKEN_SECRET;
  if (!raw) {
    if (publicUrl) fail("--public-url sets the OAuth issuer, but OAuth is off: set FAL_MCP_TOKEN_SECRET too");
    return undefined;
  }
  const { parseSecrets } = await import("./transports/http/oauth/seal.js");
  const { parsePublicUrl } = await import("./transports/http/oauth/index.js");
  try {
    return { secrets: await parseSecrets(raw), ...(publicUrl ? { publicUrl: parsePublicUrl(publicUrl) } : {}) };
  } catch (e) {
    return fail((e as Error).message);
  }
}

async function serve(args: string[]) {
  const { values: v } = parse(args, {
    ...TOOL_OPTIONS,
    host: { type: "string" },
    port: { type: "string" },
    "allow-anonymous": { type: "boolean" },
    workers: { type: "string" },
    "allowed-origins": { type: "string" },
    "no-fast-path": { type: "boolean" },
    "public-url": { type: "string" },
    "body-timeout": { type: "string" },
    "max-connections": { type: "string" },
  });
  // Every flag is checked before anything is said or started: a typo is one sentence and the usage.
  const workers = int(v.workers, "workers", 1, 1, 64);
  const port = int(v.port, "port", 3000, 0, 65535);
  const bodyTimeoutSeconds = atLeastOne(num(v["body-timeout"], "body-timeout", 30, 600), "body-timeout");
  const maxConnections = int(v["max-connections"], "max-connections", 8192, 1, 1_000_000);
  const flags = await toolFlags(v);
  const oauth = await oauthConfig(v["public-url"]);
  // node:cluster marks its workers with NODE_UNIQUE_ID: a lone process need not load node:cluster and,
  // with it, node:child_process (≈ 4 ms of a cold start, profiled).
  const cluster = workers > 1 || process.env.NODE_UNIQUE_ID !== undefined ? (await import("node:cluster")).default : undefined;
  // Said once, by the primary (or the only process), before any "listening" line.
  if (!cluster?.isWorker)
    process.stdout.write(
      oauth
        ? `OAuth sign-in on: ${oauth.secrets.length} token secret(s); issuer ${oauth.publicUrl ?? "is the origin clients connect to (set --public-url behind a proxy)"}\n`
        : "OAuth sign-in off: set FAL_MCP_TOKEN_SECRET to let clients sign in with a browser; raw `Authorization: Bearer <FAL_KEY>` works either way\n",
    );
  if (workers > 1) {
    const { runCluster } = await import("./cluster.js");
    if (cluster!.isPrimary && v.emulator)
      process.env.FAL_MCP_EMULATOR_ORIGIN = (
        await (await loadEmulator()).startEmulator({ port: 0, keys: list(process.env.FAL_EMULATOR_KEYS) ?? [] })
      ).url;
    if (await runCluster(workers)) return; // primary: forks workers and supervises them
  }
  const { opts, emulator } = await serverOptions(v, flags, "hosted");
  const { startHttpServer } = await import("./transports/http/node.js");
  const origins = list(v["allowed-origins"]);
  const http = await startHttpServer({
    ...(cluster?.isWorker ? { instance: `worker-${cluster.worker!.id}` } : {}),
    ...opts,
    host: v.host ?? "127.0.0.1",
    port,
    allowAnonymous: Boolean(v["allow-anonymous"]),
    metrics: process.env.FAL_MCP_METRICS === "1",
    ...(v["no-fast-path"] ? { fastPath: false } : {}),
    bodyTimeoutSeconds,
    maxConnections,
    // Thousands of concurrent waits must not let the heap run far ahead of its live set (http/heap.ts).
    heapLeanAt: (await import("./transports/http/heap.js")).DEFAULT_HEAP_LEAN_AT,
    ...(origins ? { allowedOrigins: origins } : {}),
    ...(oauth ? { oauth } : {}),
  }).catch((e) => startFailed("cannot listen", e));
  const ready = `fal-mcp listening on ${http.url}${emulator ? ` (fal emulator at ${emulator.url})` : ""}${cluster?.isWorker ? ` (worker ${cluster.worker!.id})` : ""}\n`;
  if (process.send) process.send(ready);
  else process.stdout.write(ready);
  let stopping = false;
  // A second signal while draining must not kill in-flight calls: the first one already stops us.
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await http.close();
    await emulator?.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

async function stdio(args: string[]) {
  const { values: v } = parse(args, { ...TOOL_OPTIONS, "no-fast-path": { type: "boolean" } });
  const { opts } = await serverOptions(v, await toolFlags(v), "stdio");
  // Offline demo: the emulator accepts any well-formed key, so none needs to be configured.
  const key = process.env.FAL_KEY || (v.emulator ? "emulator:offline" : undefined);
  // A malformed key (a pasted line break) would fail on every call as if fal had not answered.
  const { KEY_SHAPE, KEY_SHAPE_WORDS } = await import("./transports/http/auth.js");
  if (process.env.FAL_KEY && !KEY_SHAPE.test(process.env.FAL_KEY))
    throw new Error(`FAL_KEY is not a fal key: it should be ${KEY_SHAPE_WORDS}`);
  const { runStdio } = await import("./transports/stdio.js");
  await runStdio(opts, key, !v["no-fast-path"]);
}

async function emulatorCmd(args: string[]) {
  const { values: v } = parse(args, {
    port: { type: "string" },
    host: { type: "string" },
    "queue-ms": { type: "string" },
    "run-ms": { type: "string" },
    "fault-rate": { type: "string" },
    faults: { type: "string" },
    seed: { type: "string" },
    "job-ms": { type: "string" },
  });
  const jobMs: Record<string, number> = {};
  for (const pair of list(v["job-ms"]) ?? []) {
    const [glob, ms] = pair.split("=");
    if (!glob || !ms) fail(`--job-ms takes glob=ms pairs, e.g. "fal-ai/kling-video/*=120000", got "${pair}"`);
    jobMs[glob!] = num(ms, "job-ms", 0);
  }
  const rate = num(v["fault-rate"], "fault-rate", 0, 1);
  const { startEmulator } = await loadEmulator();
  const { parseFaultList } = await import("./emulator/faults.js");
  let kinds: Fault[] = [];
  try {
    kinds = parseFaultList(v.faults ?? (rate > 0 ? "5xx,429,reset,slow,stall,fail" : ""));
  } catch (e) {
    fail((e as Error).message);
  }
  const emu = await startEmulator({
    port: int(v.port, "port", 4010, 0, 65535),
    host: v.host ?? "127.0.0.1",
    queueMs: num(v["queue-ms"], "queue-ms", 50),
    runMs: num(v["run-ms"], "run-ms", 200),
    keys: list(process.env.FAL_EMULATOR_KEYS) ?? [],
    faults: { rate, kinds: kinds!, seed: num(v.seed, "seed", 1) },
    jobMs,
  }).catch((e) => startFailed("cannot start the emulator", e));
  process.stdout.write(
    `fal emulator listening on ${emu.url}\n  FAL_API_URL=${emu.url}/v1 FAL_QUEUE_URL=${emu.url}/queue FAL_RUN_URL=${emu.url}/run FAL_REST_URL=${emu.url}/rest\n`,
  );
  const stop = () => void emu.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

function config(args: string[]) {
  const { values: v, positionals } = parse(args, { url: { type: "string" } }, true);
  const url = v.url ?? "https://your-host.example/mcp";
  if (!/^https?:\/\/[^/\s]+\/\S*$/.test(url))
    fail(`--url must be the server's MCP URL, like https://your-host/mcp; got "${url.slice(0, 100)}"`);
  const client = positionals[0];
  if (positionals.length > 1) fail(`config takes one client, got ${positionals.length}: ${positionals.join(" ")}`);
  const snippets: Record<string, string> = {
    "claude-code": `claude mcp add --transport http fal-ai ${url} --header "Authorization: Bearer YOUR_FAL_KEY"\n\n# or locally over stdio (after \`npm install -g fal-mcp-<version>.tgz\`, see the README's Install):\nclaude mcp add fal-ai --env FAL_KEY=YOUR_FAL_KEY -- fal-mcp stdio`,
    cursor: JSON.stringify({ mcpServers: { "fal-ai": { url, headers: { Authorization: "Bearer YOUR_FAL_KEY" } } } }, null, 2),
    windsurf: JSON.stringify({ mcpServers: { "fal-ai": { serverUrl: url, headers: { Authorization: "Bearer YOUR_FAL_KEY" } } } }, null, 2),
  };
  const s = client ? snippets[client] : undefined;
  if (!s)
    fail(
      client
        ? `unknown client "${client}"; use one of ${Object.keys(snippets).join(", ")}`
        : `config needs a client: ${Object.keys(snippets).join(", ")}`,
    );
  process.stdout.write(`${s}\n`);
}

/** A start that failed on the machine, not on the flags: exit 1 with the reason, without the usage text. */
function startFailed(what: string, e: unknown): never {
  const err = e as NodeJS.ErrnoException;
  const hint = err.code === "EADDRINUSE" ? " (the port is in use: choose another with --port, or --port 0 for any free one)" : "";
  throw new Error(`${what}: ${err.message}${hint}`);
}

async function main() {
  const [cmd, ...rest] = process.argv.slice(2);
  try {
    if (cmd && cmd in COMMAND_HELP && (rest.includes("--help") || rest.includes("-h")))
      return void process.stdout.write(`${commandHelp(cmd)}\n`);
    if (cmd === "serve") return await serve(rest);
    if (cmd === "stdio") return await stdio(rest);
    if (cmd === "emulator") return await emulatorCmd(rest);
    if (cmd === "config") return config(rest);
    if (cmd === "--help" || cmd === "-h" || cmd === "help") return void process.stdout.write(`${USAGE}\n`);
    if (cmd === "--version" || cmd === "-v") return void process.stdout.write(`${SERVER_INFO.version}\n`);
    fail(cmd ? `unknown command "${cmd}"` : "a command is required");
  } catch (e) {
    if (e instanceof UsageError) {
      // The usage of the command that was mistyped, not every command's.
      process.stderr.write(`fal-mcp: ${e.message}\n\n${cmd && cmd in COMMAND_HELP ? commandHelp(cmd) : USAGE}\n`);
      process.exit(2);
    }
    process.stderr.write(`fal-mcp: ${(e as Error).message}\n`);
    process.exit(1);
  }
}

await main();
