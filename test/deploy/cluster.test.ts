/** `serve --workers 2`: two processes share the port; both answer; one emulator serves them all. */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { afterAll, expect, it } from "vitest";
import { CLI, startCli, type Proc } from "../helpers/processes.js";
import { callTool, httpClient } from "../e2e/wire.js";
import { mcpCall, SECRET, tokenRequest, tokensFor } from "../oauth/flow.js";

let srv: Proc | undefined;
afterAll(async () => {
  await srv?.stop();
});

it("balances over both workers, and a job submitted through one is checked through the other", async () => {
  srv = await startCli(["serve", "--port", "0", "--emulator", "--workers", "2"], { FAL_MCP_TOKEN_SECRET: SECRET });
  const health = srv.url.replace("/mcp", "/healthz");
  const instances = new Set<string>();
  for (let i = 0; i < 40 && instances.size < 2; i++) {
    // A new connection each time: the cluster primary hands connections to workers round-robin.
    instances.add(((await (await fetch(health, { headers: { connection: "close" } })).json()) as { instance: string }).instance);
  }
  expect([...instances].sort()).toEqual(["worker-1", "worker-2"]);
  const a = await httpClient(srv.url);
  const submitted = await callTool(a, "submit_job", { endpoint_id: "fal-ai/flux/dev", input: { prompt: "x" } });
  await a.close();
  for (let i = 0; i < 4; i++) {
    const b = await httpClient(srv.url);
    const st = await callTool(b, "check_job", { endpoint_id: "fal-ai/flux/dev", request_id: submitted.structured.request_id });
    expect(st.isError, st.text).toBe(false);
    await b.close();
  }
});

it("OAuth is stateless across workers: codes and tokens minted by one are accepted by the other", async () => {
  const base = new URL(srv!.url).origin;
  // Every step on a new connection, so register, page, post, token and calls alternate workers.
  for (let i = 0; i < 2; i++) {
    const t = await tokensFor(base, "test-key-id:test-key-secret");
    for (let j = 0; j < 3; j++) expect((await mcpCall(base, t.access, "tools/list")).status).toBe(200);
    const r = await tokenRequest(base, { grant_type: "refresh_token", refresh_token: t.refresh, client_id: t.clientId });
    expect(r.status, r.text).toBe(200);
  }
});

it("stops, once, when its workers cannot start (a port in use), instead of restarting them forever", async () => {
  const busy = createServer();
  await new Promise<void>((r) => busy.listen(0, "127.0.0.1", r));
  const port = String((busy.address() as AddressInfo).port);
  try {
    const r = spawnSync(process.execPath, [CLI, "serve", "--port", port, "--workers", "2", "--no-live"], {
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(r.signal).toBeNull(); // exited by itself, not killed by the timeout
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("EADDRINUSE");
    expect(r.stderr).toContain("choose another with --port");
    expect(r.stderr).toContain("a worker could not start (exit code 1); stopping all 2");
    expect(r.stderr).not.toContain("starting another");
    expect(r.stderr).not.toContain("usage:"); // a start that failed, not a mistyped flag
  } finally {
    busy.close();
  }
});

/** The worker processes the cluster primary has forked right now (Linux /proc). */
function workersOf(pid: number): number[] {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
}

it("once serving, replaces every worker that dies, a replacement killed before it listens too", async () => {
  const p = await startCli(["serve", "--port", "0", "--emulator", "--workers", "2", "--no-live"]);
  try {
    const primary = p.child.pid!;
    // Both workers listening first: with --port 0, if every listening worker died the primary would close
    // the shared port and the next worker would listen on another one (node:cluster's round-robin handle).
    const health = p.url.replace("/mcp", "/healthz");
    const seen = new Set<string>();
    for (let i = 0; i < 100 && seen.size < 2; i++)
      seen.add(((await (await fetch(health, { headers: { connection: "close" } })).json()) as { instance: string }).instance);
    expect(seen.size).toBe(2);
    // The emulator runs in the primary: its children are the two workers.
    const before = workersOf(primary);
    expect(before.length).toBe(2);
    process.kill(before[0]!, "SIGKILL");
    // Kill the replacement as soon as it exists, long before it can listen.
    let replacement: number | undefined;
    for (let i = 0; i < 400 && !replacement; i++) {
      replacement = workersOf(primary).find((w) => !before.includes(w));
      if (!replacement) await new Promise((r) => setTimeout(r, 5));
    }
    expect(replacement).toBeDefined();
    process.kill(replacement!, "SIGKILL");
    // The server stays up and both worker slots are filled again.
    let ok = false;
    let last = "";
    for (let i = 0; i < 100 && !ok; i++) {
      await new Promise((r) => setTimeout(r, 100));
      last = await fetch(health, { headers: { connection: "close" } }).then(
        (r) => String(r.status),
        (e: Error) => `${e.message} ${(e.cause as Error | undefined)?.message ?? ""}`,
      );
      ok = workersOf(primary).length === 2 && last === "200";
    }
    expect(ok, `${p.output()}\nworkers now: ${workersOf(primary).join(" ")}; health: ${last}`).toBe(true);
    expect(p.child.exitCode).toBeNull();
    expect(p.output()).toContain("exited (SIGKILL); starting another");
    expect(p.output()).not.toContain("could not start");
  } finally {
    await p.stop();
  }
});
