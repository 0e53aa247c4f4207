/**
 * A stdio client that goes away while the server is answering: stdout fails with EPIPE. That ends the
 * session quietly (exit 0), never as an uncaught stream error with a stack on stderr.
 */
import { spawn } from "node:child_process";
import { expect, it } from "vitest";
import { CLI, KEY } from "../helpers/processes.js";

it("exits cleanly when the client closes its end of stdout mid-session", async () => {
  const child = spawn(process.execPath, [CLI, "stdio", "--emulator", "--no-live"], {
    env: { ...process.env, FAL_KEY: KEY },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += d));
  const send = (m: object) => child.stdin!.write(`${JSON.stringify(m)}\n`);
  send({
    jsonrpc: "2.0",
    id: 0,
    method: "initialize",
    params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "1" } },
  });
  // Wait for the first answer, then hang up on stdout and keep asking for (large) answers.
  await new Promise<void>((r) => child.stdout!.once("data", () => r()));
  child.stdout!.destroy();
  for (let i = 1; i <= 20; i++) send({ jsonrpc: "2.0", id: i, method: "tools/list" });
  const code = await new Promise<number | null>((r) => child.once("exit", (c) => r(c)));
  expect(stderr).not.toMatch(/EPIPE|Unhandled|uncaught|at .*\.js:\d+/i);
  expect(code).toBe(0);
}, 30_000);
