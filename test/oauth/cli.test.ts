/** `serve` and OAuth configuration: what it says at start, --public-url, and bad secrets refused with a sentence. */
import { spawnSync } from "node:child_process";
import { afterAll, expect, it } from "vitest";
import { CLI, startCli, type Proc } from "../helpers/processes.js";
import { SECRET } from "./flow.js";

const procs: Proc[] = [];
afterAll(async () => {
  for (const p of procs) await p.stop();
});

it("without FAL_MCP_TOKEN_SECRET, sign-in is off and serve says so; the OAuth paths are not served", async () => {
  const p = await startCli(["serve", "--port", "0", "--emulator"], { FAL_MCP_TOKEN_SECRET: "" });
  procs.push(p);
  expect(p.output()).toContain("OAuth sign-in off: set FAL_MCP_TOKEN_SECRET");
  const base = new URL(p.url).origin;
  expect((await fetch(`${base}/.well-known/oauth-authorization-server`)).status).toBe(404);
  const r = await fetch(p.url, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  expect(r.status).toBe(401);
  expect(r.headers.get("www-authenticate")).not.toContain("resource_metadata");
});

it("--public-url sets the issuer and the resource (audience) clients see behind a proxy", async () => {
  const p = await startCli(["serve", "--port", "0", "--emulator", "--public-url", "https://mcp.example.com"], {
    FAL_MCP_TOKEN_SECRET: SECRET,
  });
  procs.push(p);
  expect(p.output()).toContain("OAuth sign-in on: 1 token secret(s); issuer https://mcp.example.com");
  const base = new URL(p.url).origin;
  const as = (await (await fetch(`${base}/.well-known/oauth-authorization-server`)).json()) as { issuer: string; token_endpoint: string };
  expect(as.issuer).toBe("https://mcp.example.com");
  expect(as.token_endpoint).toBe("https://mcp.example.com/token");
  const prm = (await (await fetch(`${base}/.well-known/oauth-protected-resource/mcp`)).json()) as { resource: string };
  expect(prm.resource).toBe("https://mcp.example.com/mcp");
  const r = await fetch(p.url, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  expect(r.headers.get("www-authenticate")).toBe(
    'Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp"',
  );
});

it("a short secret, a bad --public-url, or --public-url without a secret exit 2 with a sentence", () => {
  const run = (args: string[], secret: string) =>
    spawnSync(process.execPath, [CLI, "serve", "--port", "0", ...args], {
      env: { ...process.env, FAL_MCP_TOKEN_SECRET: secret },
      encoding: "utf8",
      timeout: 20_000,
    });
  const short = run([], "k1:short");
  expect(short.status).toBe(2);
  expect(short.stderr).toContain("at least 32 characters");
  const badUrl = run(["--public-url", "https://mcp.example.com/some/path"], SECRET);
  expect(badUrl.status).toBe(2);
  expect(badUrl.stderr).toContain("--public-url is the server's origin");
  const plainHttp = run(["--public-url", "http://mcp.example.com"], SECRET);
  expect(plainHttp.status).toBe(2);
  expect(plainHttp.stderr).toContain("--public-url must be an https URL (http only for a loopback host");
  const noSecret = run(["--public-url", "https://mcp.example.com"], "");
  expect(noSecret.status).toBe(2);
  expect(noSecret.stderr).toContain("OAuth is off");
  for (const r of [short, badUrl, plainHttp, noSecret]) expect(r.stderr).not.toMatch(/\n\s+at /);
});
