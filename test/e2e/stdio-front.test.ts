/**
 * The stdio front (src/transports/stdio.ts) answers initialize, ping, tools/list and plain tools/call before the
 * SDK loads. Its answers must be the SDK's: the same lines go to `fal-mcp stdio` with and without the
 * front (`--no-fast-path`), and the answers are compared. And the first answers really come before
 * the SDK and Zod are loaded: a module-load hook timestamps every chunk the process loads.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { CLI, ROOT } from "../helpers/processes.js";

const init = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "1" } },
};
const LINES = [
  init,
  { jsonrpc: "2.0", method: "notifications/initialized" },
  { jsonrpc: "2.0", id: 2, method: "tools/list" },
  { jsonrpc: "2.0", id: "p", method: "ping" },
  { jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "search_models", arguments: { query: "flux", limit: 2 } } },
  { jsonrpc: "2.0", id: 4, method: "tools/call", params: { name: "get_model_schema", arguments: { endpoint_id: "fal-ai/flux/dev" } } },
  { jsonrpc: "2.0", id: 5, method: "tools/call", params: { name: "no_such_tool", arguments: {} } },
  { jsonrpc: "2.0", id: 6, method: "tools/call", params: { name: "search_models", arguments: { limit: "many" } } },
  // Through to the SDK in both runs: prompts, resources, an unknown method.
  { jsonrpc: "2.0", id: 7, method: "prompts/list" },
  { jsonrpc: "2.0", id: 8, method: "nope/nothing" },
];

/** One JSON-RPC answer line, as far as the tests read it. */
interface Answer {
  id: unknown;
  result?: { protocolVersion?: string; structuredContent?: { models: unknown[] } };
  error?: { code: number; message: string };
}

/** Sends `lines` to `fal-mcp stdio <args>` and collects the answers by id (after all have come). */
function converse(
  lines: object[],
  args: string[],
  nodeArgs: string[] = [],
): Promise<{ answers: Map<unknown, Answer>; order: unknown[]; at: Map<unknown, number> }> {
  const want = lines.filter((l) => "id" in l && l.id !== undefined).length;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, CLI, "stdio", "--no-live", ...args], { stdio: ["pipe", "pipe", "pipe"] });
    const answers = new Map<unknown, Answer>();
    const order: unknown[] = [];
    const at = new Map<unknown, number>();
    let buf = "";
    let err = "";
    const t = setTimeout(() => {
      child.kill();
      reject(new Error(`no answers within 30 s: ${[...answers.keys()]}\n${err}`));
    }, 30_000);
    child.stderr.on("data", (d) => (err += d));
    child.stdout.on("data", (d) => {
      buf += d;
      for (let i = buf.indexOf("\n"); i >= 0; buf = buf.slice(i + 1), i = buf.indexOf("\n")) {
        const m = JSON.parse(buf.slice(0, i)) as Answer;
        at.set(m.id, Date.now());
        answers.set(m.id, m);
        order.push(m.id);
      }
      if (answers.size >= want) {
        clearTimeout(t);
        child.kill();
        resolve({ answers, order, at });
      }
    });
    child.stdin.write(lines.map((l) => `${JSON.stringify(l)}\n`).join(""));
  });
}

describe("stdio front", () => {
  it("answers exactly as the SDK does", async () => {
    const [front, sdk] = await Promise.all([converse(LINES, []), converse(LINES, ["--no-fast-path"])]);
    expect([...front.answers.keys()].sort()).toEqual([...sdk.answers.keys()].sort());
    for (const [id, a] of sdk.answers) expect(front.answers.get(id), `answer to ${id}`).toEqual(a);
    expect(front.answers.get(1)?.result?.protocolVersion).toBe("2025-06-18");
    expect(front.answers.get(3)?.result?.structuredContent?.models.length).toBe(2);
    expect(front.answers.get(8)?.error?.code).toBe(-32601);
    // Answers in the order asked, for the ones the front answers at once.
    expect(front.order.slice(0, 3)).toEqual([1, 2, "p"]);
  });

  it("negotiates the version as the SDK does for an unknown one", async () => {
    const old = { ...init, params: { ...init.params, protocolVersion: "1999-01-01" } };
    const [front, sdk] = await Promise.all([converse([old], []), converse([old], ["--no-fast-path"])]);
    expect(front.answers.get(1)).toEqual(sdk.answers.get(1));
  });

  it("answers initialize and tools/list before the SDK and Zod are loaded", async () => {
    const meta = JSON.parse(readFileSync(join(ROOT, "dist/meta.json"), "utf8")) as {
      outputs: Record<string, { inputs: Record<string, unknown> }>;
    };
    const heavy = Object.entries(meta.outputs)
      .filter(([, o]) => Object.keys(o.inputs).some((i) => /node_modules\/(zod|@modelcontextprotocol\/sdk)\//.test(i)))
      .map(([f]) => f.split("/").pop()!);
    expect(heavy.length).toBeGreaterThan(0);
    const dir = mkdtempSync(join(tmpdir(), "fal-mcp-front-"));
    const log = join(dir, "loads.log");
    writeFileSync(
      join(dir, "hooks.mjs"),
      `import { appendFileSync } from "node:fs";\nexport async function load(url, ctx, next) { appendFileSync(${JSON.stringify(log)}, Date.now() + " " + url + "\\n"); return next(url, ctx); }\n`,
    );
    writeFileSync(
      join(dir, "register.mjs"),
      `import { register } from "node:module"; register(${JSON.stringify(pathToFileURL(join(dir, "hooks.mjs")).href)});\n`,
    );
    writeFileSync(log, "");
    const r = await converse(LINES.slice(0, 3), [], ["--import", pathToFileURL(join(dir, "register.mjs")).href]);
    const loads = readFileSync(log, "utf8")
      .trim()
      .split("\n")
      .map((l) => ({ at: Number(l.split(" ")[0]), url: l.split(" ")[1]! }));
    const early = loads.filter((l) => l.at <= r.at.get(2)!).map((l) => l.url.split("/").pop()!);
    expect(early).toContain("cli.js");
    expect(early.filter((f) => heavy.includes(f))).toEqual([]);
  });
});
