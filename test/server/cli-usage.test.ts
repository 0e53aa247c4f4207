/** The CLI's words: each command's --help lists only the environment it reads; a bad flag stops before anything starts. */
import { spawnSync } from "node:child_process";
import { expect, it } from "vitest";
import { CLI } from "../helpers/processes.js";

const run = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", env: { PATH: process.env.PATH ?? "" } });

it("lists, in each command's --help, only the variables that command reads", () => {
  const help = (cmd: string) => run([cmd, "--help"]).stdout;
  expect(help("stdio")).toContain("FAL_KEY");
  expect(help("serve")).toContain("FAL_MCP_TOKEN_SECRET");
  expect(help("serve")).toContain("FAL_MCP_METRICS");
  expect(help("serve")).not.toMatch(/^ {2}FAL_KEY$/m);
  expect(help("emulator")).toContain("FAL_EMULATOR_KEYS");
  expect(help("emulator")).not.toContain("FAL_MCP_TOKEN_SECRET");
  expect(help("emulator")).not.toContain("FAL_QUEUE_URL");
  expect(help("stdio")).not.toContain("FAL_MCP_TOKEN_SECRET");
  // The full usage has them all, each with the commands that read it.
  expect(run(["--help"]).stdout).toMatch(/FAL_MCP_TOKEN_SECRET {3}\[serve\]/);
});

it("refuses a bad flag with one sentence and that command's usage, before saying or starting anything", () => {
  for (const [args, said] of [
    [["serve", "--port", "abc"], '--port must be a whole number from 0 to 65535, got "abc"'],
    [["serve", "--port", ""], "--port is empty: give it a value, or leave it out"],
    [["serve", "--host", ""], "--host is empty"],
    [["serve", "--public-url", " "], "--public-url is empty"],
    [["serve", "--workers", "2.5"], '--workers must be a whole number from 1 to 64, got "2.5"'],
    [["serve", "--workers", "0"], '--workers must be a whole number from 1 to 64, got "0"'],
    [["serve", "--wait-seconds", " "], "--wait-seconds is empty"],
    [["serve", "--allow-models", ""], "--allow-models is empty"],
    [["serve", "extra"], "Unexpected argument 'extra'"],
    [["serve", "--allow-models", " , "], "--allow-models is empty"],
    [["serve", "--body-timeout", "0"], "--body-timeout must be at least 1"],
    [["serve", "--max-connections=-3"], "--max-connections must be a whole number"],
    [["serve", "--wait-seconds", "abc"], "--wait-seconds must be a number"],
    [["serve", "--schema-profile", "x"], "--schema-profile"],
    [["serve", "--disable-tools", "nosuch"], '--disable-tools: unknown tool "nosuch"'],
    [["serve", "--allowed-origins", "notanorigin"], '--allowed-origins: "notanorigin" is not an origin'],
  ] as const) {
    const r = run([...args]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe(""); // no sign-in banner, no "listening" line
    expect(r.stderr).toContain(said);
    expect(r.stderr).toContain("usage:\n  fal-mcp serve");
    expect(r.stderr).not.toContain("fal-mcp emulator [");
  }
});

it("config names an unknown client as such, and lists the known ones", () => {
  const r = run(["config", "vscode"]);
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('unknown client "vscode"; use one of claude-code, cursor, windsurf');
  expect(run(["config"]).stderr).toContain("config needs a client: claude-code, cursor, windsurf");
  expect(run(["config", "cursor", "extra"]).stderr).toContain("config takes one client, got 2: cursor extra");
  expect(run(["config", "cursor", "--url", "notaurl"]).stderr).toContain(
    '--url must be the server\'s MCP URL, like https://your-host/mcp; got "notaurl"',
  );
  expect(run(["config", "cursor", "--url", "https://mcp.example.com/mcp"]).stdout).toContain('"url": "https://mcp.example.com/mcp"');
});

it("stdio refuses a malformed FAL_KEY at start, with the rule, without echoing it", () => {
  const r = spawnSync(process.execPath, [CLI, "stdio"], {
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", FAL_KEY: "abc\ndefghij-secret" },
    input: "",
  });
  expect(r.status).toBe(1);
  expect(r.stderr).toContain("FAL_KEY is not a fal key: it should be 8 to 512 printable characters without spaces");
  expect(r.stderr).not.toContain("defghij-secret");
  expect(r.stdout).toBe("");
});
