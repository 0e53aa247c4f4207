#!/usr/bin/env node
/**
 * fal-mcp command line:
 *   fal-mcp emulator [--port N] [--host H] [--queue-ms N] [--run-ms N] [--fault-rate P --faults a,b --seed N]
 */
import { parseArgs } from "node:util";
import { startEmulator } from "./emulator/server.js";
import { parseFaultList } from "./emulator/faults.js";

const USAGE = `usage:
  fal-mcp emulator [--port 4010] [--host 127.0.0.1] [--queue-ms 50] [--run-ms 200]
                   [--fault-rate 0.1 --faults 5xx,429,reset,slow,stall,fail --seed 42]
  env: FAL_EMULATOR_KEYS=id:secret,... restricts the accepted keys`;

function fail(msg: string): never {
  process.stderr.write(`fal-mcp: ${msg}\n${USAGE}\n`);
  process.exit(2);
}

function num(v: string | undefined, name: string, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) fail(`--${name} must be a non-negative number, got "${v}"`);
  return n;
}

async function main() {
  const [cmd, ...rest] = process.argv.slice(2);
  if (cmd === "emulator") {
    let values: Record<string, string | boolean | undefined>;
    try {
      ({ values } = parseArgs({
        args: rest,
        options: {
          port: { type: "string" }, host: { type: "string" }, "queue-ms": { type: "string" }, "run-ms": { type: "string" },
          "fault-rate": { type: "string" }, faults: { type: "string" }, seed: { type: "string" },
        },
      }));
    } catch (e) {
      fail((e as Error).message);
    }
    const v = values as Record<string, string | undefined>;
    const rate = num(v["fault-rate"], "fault-rate", 0);
    if (rate > 1) fail("--fault-rate is a probability between 0 and 1");
    let kinds;
    try {
      kinds = parseFaultList(v.faults ?? (rate > 0 ? "5xx,429,reset,slow,stall,fail" : ""));
    } catch (e) {
      fail((e as Error).message);
    }
    const emu = await startEmulator({
      port: num(v.port, "port", 4010),
      host: v.host ?? "127.0.0.1",
      queueMs: num(v["queue-ms"], "queue-ms", 50),
      runMs: num(v["run-ms"], "run-ms", 200),
      keys: (process.env.FAL_EMULATOR_KEYS ?? "").split(",").map((s) => s.trim()).filter(Boolean),
      faults: { rate, kinds, seed: num(v.seed, "seed", 1) },
    }).catch((e) => fail(`cannot start the emulator: ${(e as Error).message}`));
    process.stdout.write(`fal emulator listening on ${emu.url}\n  FAL_API_URL=${emu.url}/v1 FAL_QUEUE_URL=${emu.url}/queue FAL_RUN_URL=${emu.url}/run FAL_REST_URL=${emu.url}/rest\n`);
    const stop = () => void emu.close().then(() => process.exit(0));
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    return;
  }
  fail(cmd ? `unknown command "${cmd}"` : "a command is required");
}

await main();
