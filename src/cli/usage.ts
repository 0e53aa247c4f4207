/** The CLI's usage text and each command's own --help, cut from it (one text, never two that drift). */
/** The environment each command reads: one line a variable (or group), with the commands it matters to. */
const ENV: { names: string; what: string; for: string[] }[] = [
  { names: "FAL_KEY", what: "your fal key (serve takes it per request instead)", for: ["stdio"] },
  {
    names: "FAL_API_URL FAL_QUEUE_URL FAL_RUN_URL FAL_REST_URL FAL_DOCS_URL",
    what: "fal's base URLs (default fal's own hosts)",
    for: ["serve", "stdio"],
  },
  {
    names: "FAL_EMULATOR_KEYS",
    what: "comma-separated keys the emulator accepts (default: any well-formed key)",
    for: ["serve", "stdio", "emulator"],
  },
  { names: "FAL_MCP_METRICS=1", what: "serve /metrics (memory, event-loop delay), for benchmarks", for: ["serve"] },
  {
    names: "FAL_MCP_TOKEN_SECRET",
    what: "OAuth sign-in on; comma-separated [kid:]secret, the first one seals",
    for: ["serve"],
  },
];

/** The env block of the usage: every variable, or only those a command reads. */
export function envHelp(cmd?: string): string {
  const rows = ENV.filter((e) => !cmd || e.for.includes(cmd));
  if (!rows.length) return "env: none";
  return `env:\n${rows.map((e) => `  ${e.names}${cmd ? "" : `   [${e.for.join(", ")}]`}\n      ${e.what}`).join("\n")}`;
}

export const USAGE = `fal-mcp — an MCP server for fal.ai

usage:
  fal-mcp serve    [--host 127.0.0.1] [--port 3000] [--emulator] [--allow-anonymous] [--workers N]
                   [--tools ids|category:name] [--read-only] [--disable-tools a,b] [--allow-models globs]
                   [--wait-seconds 45] [--allowed-origins o1,o2] [--allow-private-urls] [--no-live]
                   [--inline-images] [--schema-profile portable|openai-strict|gemini-openapi]
                   [--body-timeout 30] [--max-connections 8192] [--public-url https://host] [--no-fast-path]
  fal-mcp stdio    [--emulator] [--tools ids|category:name] [--read-only] [--disable-tools a,b]
                   [--allow-models globs] [--wait-seconds 45] [--allow-private-urls] [--no-live]
                   [--inline-images] [--schema-profile portable|openai-strict|gemini-openapi]
                   [--no-fast-path]                          (key from FAL_KEY)
  fal-mcp emulator [--port 4010] [--host 127.0.0.1] [--queue-ms 50] [--run-ms 200]
                   [--fault-rate 0.1 --faults 5xx,429,reset,slow,stall,fail --seed 42]
                   [--job-ms "fal-ai/kling-video/*=120000,..."]
  fal-mcp config   claude-code|cursor|windsurf [--url https://host/mcp]
  fal-mcp --version


${envHelp()}`;

/** `fal-mcp <command> --help`: that command's lines of the usage, and what it does. */
export const COMMAND_HELP: Record<string, string> = {
  serve:
    "fal-mcp serve — the MCP endpoint over stateless Streamable HTTP at /mcp (each request brings its key as Authorization: Bearer <FAL_KEY>)",
  stdio: "fal-mcp stdio — the MCP server over stdio for one local client (key from FAL_KEY); upload_file may read local paths",
  emulator: "fal-mcp emulator — the fal emulator alone, on loopback; prints the FAL_*_URL values that point a client at it",
  config: "fal-mcp config — prints the snippet that adds this server to a client (claude-code, cursor, windsurf)",
};
export function commandHelp(cmd: string): string {
  const lines = USAGE.split("\n");
  const start = lines.findIndex((l) => l.trimStart().startsWith(`fal-mcp ${cmd} `));
  let end = start + 1;
  while (end < lines.length && lines[end]!.startsWith("    ")) end++;
  return `${COMMAND_HELP[cmd]}\n\nusage:\n${lines.slice(start, end).join("\n")}\n\n${envHelp(cmd)}`;
}
