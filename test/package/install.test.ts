/**
 * The published shape, tried as a new user would: `npm pack`, then install the tarball offline (no
 * registry) into a fresh strict TypeScript project and into a global prefix.
 * - The README's typed-client example compiles against the shipped .d.ts; a wrong field, a wrong type, a
 *   bad enum value and a wrong output property each fail `tsc` with the expected error.
 * - The installed `fal-mcp` command runs from another directory: `stdio` through the MCP SDK client,
 *   `--help` on every subcommand, and `config` prints a command that works with that install.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consumerProject, consumerTsc, installGlobal, packTarball, readmeClientExample } from "../helpers/pack.js";

const run = promisify(execFile);
let tarball: string;
let consumer: string;
let global: { prefix: string; bin: string };

beforeAll(async () => {
  tarball = await packTarball();
  [consumer, global] = await Promise.all([consumerProject(tarball), installGlobal(tarball)]);
}, 180_000);

// Each install is ~36 MB: none is left behind.
afterAll(() => {
  for (const d of [tarball && dirname(tarball), consumer, global?.prefix]) if (d) rmSync(d, { recursive: true, force: true });
});

describe("the tarball", () => {
  it("ships the bundle, declarations and specs, and has no runtime dependencies to fetch", async () => {
    const { stdout } = await run("tar", ["-tzf", tarball], { maxBuffer: 16 * 1024 * 1024 });
    const files = stdout.split("\n");
    for (const f of [
      "package/dist/src/cli.js",
      "package/dist/src/fal/index.js",
      "package/dist/types/src/fal/index.d.ts",
      "package/dist/types/src/transports/http/fetch.d.ts",
      "package/dist/types/src/index.d.ts",
      "package/dist/generated/models/fal-ai__flux__dev.js",
      "package/openapi/models/fal-ai__flux__dev.json",
    ])
      expect(files).toContain(f);
    expect(files.filter((f) => f.startsWith("package/src/") || f.startsWith("package/generated/"))).toEqual([]);
    const pkg = JSON.parse(readFileSync(join(consumer, "node_modules/fal-mcp/package.json"), "utf8"));
    expect(pkg.dependencies ?? {}).toEqual({});
  });
});

describe("a strict TypeScript consumer", () => {
  const bad = {
    "wrong-field.ts": [`await fal.submit("fal-ai/flux/dev", { prompt: "a lake", num_imagez: 2 });`, /TS2353|TS2561/],
    "wrong-type.ts": [`await fal.submit("fal-ai/flux/dev", { prompt: 5 });`, /TS2322/],
    "bad-enum.ts": [`await fal.submit("fal-ai/flux/dev", { prompt: "a lake", output_format: "gif" });`, /TS2322/],
    "wrong-output.ts": [`const out = await fal.result("fal-ai/flux/dev", "id"); console.log(out.imagez);`, /TS2339|TS2551/],
  } as const;

  it("compiles the README example, and each of four mistakes fails tsc", async () => {
    const example = readmeClientExample();
    writeFileSync(join(consumer, "example.ts"), example);
    const head = `import { createFalClient } from "fal-mcp/client";\nconst fal = createFalClient({ key: "k" });\n`;
    for (const [file, [line]] of Object.entries(bad)) writeFileSync(join(consumer, file), `${head}${line}\nexport {};\n`);
    const good = await consumerTsc(consumer, ["example.ts"]);
    expect(good.errors).toEqual([]);
    const all = await consumerTsc(consumer, ["example.ts", ...Object.keys(bad)]);
    expect(all.errors.filter((e) => e.startsWith("example.ts"))).toEqual([]);
    for (const [file, [, code]] of Object.entries(bad)) {
      const errs = all.errors.filter((e) => e.startsWith(file));
      expect(errs.length, `${file} should fail tsc:\n${all.errors.join("\n")}`).toBe(1);
      expect(errs[0]).toMatch(code);
    }
  });

  it("the library and fetch entries have types too", async () => {
    writeFileSync(
      join(consumer, "entries.ts"),
      `import { startEmulator } from "fal-mcp";\nimport handler, { type FetchEnv } from "fal-mcp/fetch";\nconst env: FetchEnv = { FAL_MCP_ALLOW_ANONYMOUS: "1" };\nconst r: Response = await handler.fetch(new Request("http://localhost/healthz"), env);\nconst e = await startEmulator({ port: 0 });\nconst u: string = e.url;\nexport { r, u };\n`,
    );
    expect((await consumerTsc(consumer, ["entries.ts"])).errors).toEqual([]);
    // The same program, run: the installed package's JavaScript agrees with its types.
    const { stdout } = await run(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `import { createFalClient, loadModel } from "fal-mcp/client"; const m = await loadModel("fal-ai/flux/dev"); console.log(typeof createFalClient, m.endpointId, m.input.safeParse({ prompt: "x" }).success);`,
      ],
      { cwd: consumer },
    );
    expect(stdout.trim()).toBe("function fal-ai/flux/dev true");
  });
});

describe("the installed command, from another directory", () => {
  it("fal-mcp stdio answers the MCP SDK client and runs a model (emulator)", async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), "fal-mcp-elsewhere-"));
    const transport = new StdioClientTransport({
      command: global.bin,
      args: ["stdio", "--emulator", "--no-live"],
      cwd: elsewhere,
      env: { PATH: process.env.PATH ?? "" },
      stderr: "pipe",
    });
    const client = new Client({ name: "install-test", version: "1" });
    await client.connect(transport);
    try {
      expect(client.getServerVersion()?.name).toBe("fal-mcp");
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain("run_model");
      const r = (await client.callTool({
        name: "run_model",
        arguments: { endpoint_id: "fal-ai/flux/dev", input: { prompt: "a lake" } },
      })) as CallToolResult & { structuredContent: { status: string; media: unknown[] } };
      expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
      expect(r.structuredContent.status).toBe("COMPLETED");
      expect(r.structuredContent.media.length).toBeGreaterThan(0);
      // The raw spec resource reads the openapi/ files shipped in the package.
      const spec = await client.readResource({ uri: "fal://models/fal-ai/flux/dev/openapi" });
      expect(JSON.parse((spec.contents[0] as { text: string }).text).info["x-fal-metadata"].endpointId).toBe("fal-ai/flux/dev");
    } finally {
      await client.close();
    }
  });

  it("--help works on every subcommand, and config prints the installed command", async () => {
    for (const cmd of ["serve", "stdio", "emulator", "config"]) {
      const { stdout } = await run(global.bin, [cmd, "--help"], { cwd: global.prefix });
      expect(stdout).toContain(`fal-mcp ${cmd}`);
      expect(stdout).toContain("usage:");
    }
    const { stdout } = await run(global.bin, ["config", "claude-code"], { cwd: global.prefix });
    expect(stdout).toMatch(/-- fal-mcp stdio$/m);
    expect(stdout).not.toContain("npx");
  });
});
