/** Graceful shutdown: an in-flight run_model returns its request_id, then the process exits 0. */
import { afterAll, expect, it } from "vitest";
import { startCli, type Proc } from "../helpers/processes.js";
import { callTool, httpClient } from "../e2e/wire.js";

const procs: Proc[] = [];
afterAll(async () => {
  for (const p of procs) await p.stop();
});

it("SIGTERM during a long run_model hands back the request_id and exits cleanly", async () => {
  const emu = await startCli(["emulator", "--port", "0", "--job-ms", "fal-ai/kling-video/*=60000"]);
  procs.push(emu);
  const srv = await startCli(["serve", "--port", "0", "--emulator"], { FAL_MCP_EMULATOR_ORIGIN: emu.url });
  const client = await httpClient(srv.url);
  const t0 = Date.now();
  const pending = callTool(client, "run_model", {
    endpoint_id: "fal-ai/kling-video/v2.1/pro/image-to-video",
    input: { prompt: "waves", image_url: "https://x/y.png" },
    wait_seconds: 50,
  });
  await new Promise((r) => setTimeout(r, 800));
  srv.child.kill("SIGTERM");
  const r = await pending;
  expect(Date.now() - t0).toBeLessThan(10_000);
  expect(r.isError).toBe(false);
  expect(r.structured.status).toBe("IN_PROGRESS");
  expect(r.structured.request_id).toMatch(/^[0-9a-f-]{36}$/);
  expect(r.text).toMatch(/Still IN_PROGRESS \(the server is shutting down\); the job keeps running on fal\..*check_job/);
  const code = srv.child.exitCode ?? (await new Promise((res) => srv.child.once("exit", res)));
  expect(code).toBe(0);
  // The job lives on at fal (the emulator): another server can still check it.
  const srv2 = await startCli(["serve", "--port", "0", "--emulator"], { FAL_MCP_EMULATOR_ORIGIN: emu.url });
  procs.push(srv2);
  const c2 = await httpClient(srv2.url);
  const st = await callTool(c2, "check_job", {
    endpoint_id: "fal-ai/kling-video/v2.1/pro/image-to-video",
    request_id: r.structured.request_id,
  });
  expect(st.structured.status).toBe("IN_PROGRESS");
  await c2.close();
});
