/**
 * A bounded fault run: many MCP tool calls with concurrency against an emulator that injects faults.
 * Shared by the reliability test and `npm run bench`, which print the same figures.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { startEmulator, emulatorUrls } from "../../src/emulator/server.js";
import { startHttpServer } from "../../src/transports/http/node.js";
import { createUrlGuard } from "../../src/net/guard.js";
import type { Fault } from "../../src/emulator/faults.js";

export interface FaultRunResult {
  calls: number;
  ok: number;
  isError: number;
  protocolErrors: number;
  faults: Record<Fault, number>;
  submitted: number;
  idsReceived: number;
  lostIds: string[];
  unhandled: number;
  seconds: number;
  healthyAfter: boolean;
}

export async function faultRun(opts: {
  calls: number;
  concurrency: number;
  rate: number;
  seed: number;
  key: string;
}): Promise<FaultRunResult> {
  const created = new Set<string>();
  const emu = await startEmulator({
    queueMs: 10,
    runMs: 40,
    faults: { rate: opts.rate, kinds: ["5xx", "429", "reset", "stall"], seed: opts.seed, slowMs: 200 },
    onSubmit: (id) => created.add(id),
  });
  const urls = emulatorUrls(emu.url);
  const http = await startHttpServer({
    urls,
    mode: "hosted",
    guard: createUrlGuard({ exemptOrigins: [emu.url] }),
    port: 0,
    liveCatalog: false,
    runWaitSeconds: 1,
  });
  let unhandled = 0;
  const onUnhandled = () => unhandled++;
  process.on("unhandledRejection", onUnhandled);
  const clients: Client[] = [];
  for (let i = 0; i < 4; i++) {
    const c = new Client({ name: "fault-run", version: "1" });
    await c.connect(
      new StreamableHTTPClientTransport(new URL(http.url), { requestInit: { headers: { authorization: `Bearer ${opts.key}` } } }),
    );
    clients.push(c);
  }
  const received = new Set<string>();
  const known: string[] = [];
  const res = { ok: 0, isError: 0, protocolErrors: 0 };
  const t0 = performance.now();
  let next = 0;
  const one = async (i: number) => {
    const c = clients[i % clients.length]!;
    const kind = i % 10;
    let args: { name: string; arguments: Record<string, unknown> };
    if (kind < 5) args = { name: "submit_job", arguments: { endpoint_id: "fal-ai/flux/dev", input: { prompt: `p${i}` } } };
    else if (kind < 6)
      args = { name: "run_model", arguments: { endpoint_id: "fal-ai/flux/schnell", input: { prompt: `r${i}` }, wait_seconds: 1 } };
    else if (kind < 9 && known.length)
      args = {
        name: "check_job",
        arguments: { endpoint_id: "fal-ai/flux/dev", request_id: known[i % known.length]!, action: i % 3 ? "status" : "result" },
      };
    else args = { name: "search_models", arguments: { query: "flux", limit: 3 } };
    try {
      const r = (await c.callTool(args, undefined, { timeout: 60_000 })) as CallToolResult;
      const text = (r.content ?? []).map((x) => ("text" in x ? x.text : "")).join(" ");
      for (const m of `${JSON.stringify(r.structuredContent ?? {})} ${text}`.matchAll(
        /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g,
      )) {
        if (!received.has(m[0])) known.push(m[0]);
        received.add(m[0]);
      }
      if (r.isError) {
        res.isError++;
        if (!text || /\n\s+at /.test(text)) res.protocolErrors++; // an error must be a sentence, never a stack
      } else res.ok++;
    } catch {
      res.protocolErrors++;
    }
  };
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      while (next < opts.calls) await one(next++);
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const healthyAfter = (await fetch(http.url.replace("/mcp", "/healthz"))).ok;
  for (const c of clients) await c.close();
  await http.close(1000);
  const faults = emu.stats().faults;
  await emu.close();
  process.off("unhandledRejection", onUnhandled);
  return {
    calls: opts.calls,
    ...res,
    faults,
    submitted: created.size,
    idsReceived: received.size,
    lostIds: [...created].filter((id) => !received.has(id)),
    unhandled,
    seconds,
    healthyAfter,
  };
}
