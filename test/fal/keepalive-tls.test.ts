/**
 * fal is reached over TLS: the short-call client (src/fal/keepalive.ts) verifies fal's certificate, keeps
 * one TLS connection for calls in sequence, and says why when a certificate is not trusted, without the
 * key. A loopback HTTPS server with a self-signed certificate (test/fal/fixtures); trusted only in a child
 * process started with NODE_EXTRA_CA_CERTS, as Node reads that at start.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { shortRequest } from "../../src/fal/keepalive.js";

const fixture = (f: string) => fileURLToPath(new URL(`./fixtures/${f}`, import.meta.url));
const KEY = "tls-id:tls-secret-value";
let server: Server;
let origin: string;
let handshakes = 0;

beforeAll(async () => {
  server = createServer(
    { cert: readFileSync(fixture("loopback-cert.pem")), key: readFileSync(fixture("loopback-key.pem")) },
    (req, res) => {
      req.resume();
      req.on("end", () => {
        const body = JSON.stringify({ path: req.url, auth: req.headers.authorization === `Key ${KEY}` });
        res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
        res.end(body);
      });
    },
  );
  server.on("secureConnection", () => handshakes++);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

it("refuses a certificate it does not trust, with the reason and without the key", async () => {
  const e = await shortRequest({
    url: `${origin}/queue/x`,
    method: "POST",
    headers: { authorization: `Key ${KEY}` },
    body: "{}",
    timeoutMs: 5_000,
  }).catch((x) => x);
  expect(e).toBeInstanceOf(Error);
  expect(e.code).toMatch(/SELF_SIGNED|CERT/);
  expect(String(e.message)).not.toContain("tls-secret-value");
});

it("talks HTTP/1.1 over one verified TLS connection for calls in sequence", async () => {
  const before = handshakes;
  const script = `
    import { shortRequest } from ${JSON.stringify(fileURLToPath(new URL("../../src/fal/keepalive.ts", import.meta.url)))};
    const call = (path, method, body) => shortRequest({ url: process.argv[1] + path, method, headers: { authorization: "Key ${KEY}" }, ...(body ? { body } : {}), timeoutMs: 5000 });
    const out = [];
    for (const [p, m, b] of [["/queue/a", "POST", "{}"], ["/queue/b/status", "GET"], ["/queue/c", "POST", "{}"]]) out.push(JSON.parse((await call(p, m, b)).bytes.toString()));
    console.log(JSON.stringify(out));
    process.exit(0);`;
  const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script, origin], {
    env: { ...process.env, NODE_EXTRA_CA_CERTS: fixture("loopback-cert.pem") },
  });
  expect(JSON.parse(stdout)).toEqual([
    { path: "/queue/a", auth: true },
    { path: "/queue/b/status", auth: true },
    { path: "/queue/c", auth: true },
  ]);
  expect(handshakes - before).toBe(1);
});
