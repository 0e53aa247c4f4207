/** `serve --workers 2`: two processes share the port; both answer; one emulator serves them all. */
import { afterAll, expect, it } from "vitest";
import { startCli, type Proc } from "../helpers/processes.js";
import { callTool, httpClient } from "../e2e/wire.js";

let srv: Proc | undefined;
afterAll(async () => {
  await srv?.stop();
});

it("balances over both workers, and a job submitted through one is checked through the other", async () => {
  srv = await startCli(["serve", "--port", "0", "--emulator", "--workers", "2"]);
  const health = srv.url.replace("/mcp", "/healthz");
  const instances = new Set<string>();
  for (let i = 0; i < 40 && instances.size < 2; i++) {
    // A new connection each time: the cluster primary hands connections to workers round-robin.
    instances.add((await (await fetch(health, { headers: { connection: "close" } })).json()).instance);
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
