/** The lean node:http fetch the server uses for fal: same answers as the built-in fetch. */
import { afterAll, beforeAll, expect, it } from "vitest";
import { nodeFetch } from "../../src/fal/node-fetch.js";
import { createFalClient } from "../../src/fal/client.js";
import { startEmulator, emulatorUrls, type Emulator } from "../../src/emulator/server.js";
import { KEY } from "../helpers/processes.js";

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ queueMs: 10, runMs: 30 });
});
afterAll(() => emu.close());

it("answers like the built-in fetch: status, headers, JSON and error bodies", async () => {
  for (const [path, init] of [
    ["/v1/models?limit=2", {}],
    ["/v1/models?limit=0", {}],
    [
      "/queue/fal-ai/flux/dev",
      { method: "POST", headers: { authorization: `Key ${KEY}`, "content-type": "application/json" }, body: '{"prompt":"x"}' },
    ],
    [
      "/queue/fal-ai/flux/dev",
      {
        method: "POST",
        headers: { authorization: `Key ${KEY}`, "content-type": "application/json" },
        body: new TextEncoder().encode("{oops"),
      },
    ],
  ] as const) {
    const [a, b] = await Promise.all([nodeFetch(emu.url + path, init as RequestInit), fetch(emu.url + path, init as RequestInit)]);
    expect(a.status).toBe(b.status);
    expect(a.headers.get("content-type")).toBe(b.headers.get("content-type"));
    const [ja, jb] = [(await a.json()) as Record<string, unknown>, (await b.json()) as Record<string, unknown>];
    if (path.startsWith("/queue")) {
      expect(Object.keys(ja).sort()).toEqual(Object.keys(jb).sort());
    } else expect(ja).toEqual(jb);
  }
});

it("streams event streams, honours abort, and reports connection failures as fetch does", async () => {
  const fal = createFalClient({ key: KEY, urls: emulatorUrls(emu.url), fetch: nodeFetch });
  const s = await fal.submit("fal-ai/flux/dev", { prompt: "x" });
  const seen: string[] = [];
  for await (const st of fal.streamStatus("fal-ai/flux/dev", s.request_id)) seen.push(st.status);
  expect(seen.at(-1)).toBe("COMPLETED");
  expect((await fal.result("fal-ai/flux/dev", s.request_id)).images).toHaveLength(1);
  const ac = new AbortController();
  const slow = nodeFetch(`${emu.url}/v1/models?limit=1`, { headers: { "x-emulator-fault": "slow" }, signal: ac.signal });
  ac.abort(new Error("stop"));
  await expect(slow).rejects.toThrow("stop");
  await expect(nodeFetch("http://127.0.0.1:9/")).rejects.toThrow(/fetch failed/);
});
