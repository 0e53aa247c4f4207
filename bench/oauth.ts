/**
 * OAuth sign-in costs: opening a sealed access token in process, the same stateless tools/call over
 * HTTP with a raw key and with an access token (so the per-request price of sign-in shows), and one
 * full sign-in (register, page, post with the key check against the emulator, token) end to end.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { createSealer, parseSecrets } from "../src/transports/http/oauth/seal.js";
import { tokensFor } from "../test/oauth/flow.js";
import { load } from "./load.js";

const ROOT = new URL("..", import.meta.url).pathname;
const SECRET = "bench:0123456789abcdefghijklmnopqrstuvwxyzABCDEF";
const KEY = "bench-key-id:bench-key-secret";

type Row = [string, string, string];

export async function oauthFigures(): Promise<{ rows: Row[]; results: Record<string, unknown> }> {
  const rows: Row[] = [];
  const sealer = createSealer(await parseSecrets(SECRET));
  const where = { audience: "http://127.0.0.1/mcp", issuer: "http://127.0.0.1" };
  const token = await sealer.seal("access", { k: KEY, l: {}, cid: "c" }, { ttlSeconds: 3600, ...where });
  for (let i = 0; i < 200; i++) await sealer.open("access", token, where);
  const n = 5000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await sealer.open("access", token, where);
  const openUs = ((performance.now() - t0) * 1000) / n;
  rows.push(["open (decrypt + check) one access token, in process", `${openUs.toFixed(1)} µs`, ""]);

  const child = spawn(process.execPath, [join(ROOT, "dist/src/cli.js"), "serve", "--port", "0", "--emulator"], {
    env: { ...process.env, FAL_MCP_TOKEN_SECRET: SECRET, FAL_EMULATOR_KEYS: KEY },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    const t = setTimeout(() => reject(new Error(`no listening line: ${out}`)), 20_000);
    child.stdout!.on("data", (d) => {
      out += d;
      const m = /listening on (\S+)/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve(m[1]!);
      }
    });
  });
  try {
    const base = new URL(url).origin;
    const times: number[] = [];
    let access = "";
    for (let i = 0; i < 9; i++) {
      const s = performance.now();
      access = (await tokensFor(base, KEY)).access;
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    rows.push(["full sign-in (register, page, key check, code, token), median of 9", `${times[4]!.toFixed(1)} ms`, ""]);
    const body = JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "tools/call",
      params: { name: "search_models", arguments: { query: "flux", limit: 3 } },
    });
    const h = { "content-type": "application/json", accept: "application/json, text/event-stream" };
    // Warm both paths first (JIT, lazily loaded modules), so the order of the two runs does not matter.
    await load(url, body, { ...h, authorization: `Bearer ${KEY}` });
    await load(url, body, { ...h, authorization: `Bearer ${access}` });
    const raw = await load(url, body, { ...h, authorization: `Bearer ${KEY}` });
    const tok = await load(url, body, { ...h, authorization: `Bearer ${access}` });
    rows.push([
      "search_models over HTTP, raw fal key, concurrency 20",
      `${Math.round(raw.rps)}/s p50 ${raw.p50} ms p99 ${raw.p99} ms`,
      raw.non2xx ? `${raw.non2xx} non-2xx` : "",
    ]);
    rows.push([
      "  same, with an OAuth access token",
      `${Math.round(tok.rps)}/s p50 ${tok.p50} ms p99 ${tok.p99} ms`,
      tok.non2xx ? `${tok.non2xx} non-2xx` : "",
    ]);
    return { rows, results: { openAccessTokenUs: openUs, signInMedianMs: times[4], rawKey: raw, accessToken: tok } };
  } finally {
    child.kill("SIGTERM");
  }
}
