/** A soak of 100,000 jobs (and many files) does not grow the emulator without bound. */
import { Agent, request } from "node:http";
import { expect, it } from "vitest";
import { startEmulator } from "../../src/emulator/server.js";
import { KEY } from "../helpers/processes.js";

it("keeps at most maxJobs jobs and maxFileBytes of files through 100,000 submits", async () => {
  const emu = await startEmulator({ queueMs: 0, runMs: 0, maxJobs: 2000, maxFileBytes: 256 * 1024 });
  const u = new URL(emu.url);
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  const body = '{"prompt":"x"}';
  const post = (path: string, data: string | Buffer, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const q = request(
        {
          host: u.hostname,
          port: u.port,
          path,
          method: path.startsWith("/upload/") ? "PUT" : "POST",
          agent,
          headers: {
            authorization: `Key ${KEY}`,
            "content-type": "application/json",
            "content-length": Buffer.byteLength(data),
            ...headers,
          },
        },
        (res) => {
          let t = "";
          res.on("data", (c) => (t += c));
          res.on("end", () => resolve({ status: res.statusCode!, text: t }));
        },
      );
      q.on("error", reject);
      q.end(data);
    });
  let next = 0;
  let maxSeen = 0;
  const heap: number[] = [];
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < 100_000) {
        const i = next++;
        const r = await post("/queue/fal-ai/flux/dev", body);
        if (r.status !== 200) throw new Error(`submit ${i}: ${r.status} ${r.text}`);
        if (i % 10_000 === 0) {
          maxSeen = Math.max(maxSeen, emu.stats().jobs);
          heap.push(process.memoryUsage().heapUsed);
        }
      }
    }),
  );
  const s = emu.stats();
  expect(s.jobs).toBeLessThanOrEqual(2000);
  expect(maxSeen).toBeLessThanOrEqual(2000);
  expect(s.jobs + s.evictedJobs).toBe(100_000);
  // Files: 40 uploads of 16 KB against a 256 KB cap.
  for (let i = 0; i < 40; i++) {
    const init = JSON.parse(
      (await post("/rest/storage/upload/initiate", JSON.stringify({ content_type: "application/octet-stream", file_name: `f${i}.bin` })))
        .text,
    );
    const put = await post(new URL(init.upload_url).pathname + new URL(init.upload_url).search, Buffer.alloc(16 * 1024, i), {
      "content-type": "application/octet-stream",
    });
    expect(put.status).toBe(200);
  }
  expect(emu.stats().fileBytes).toBeLessThanOrEqual(256 * 1024);
  console.log(
    `soak: 100,000 jobs, at most ${maxSeen} kept (cap 2,000), ${s.evictedJobs} evicted; files ${emu.stats().files} kept, ${emu.stats().fileBytes} bytes (cap 262,144); heap samples ${heap.map((h) => Math.round(h / 1e6)).join(", ")} MB`,
  );
  agent.destroy();
  await emu.close();
}, 120_000);
