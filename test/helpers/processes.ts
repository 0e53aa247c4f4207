/** Start the real CLI (built dist/) as a child process and wait for its "listening on" line. */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const CLI = `${ROOT}dist/src/cli.js`;

export interface Proc {
  child: ChildProcess;
  url: string;
  output: () => string;
  stop(): Promise<number | null>;
}

export async function startCli(args: string[], env: Record<string, string> = {}, pattern = /listening on (\S+)/): Promise<Proc> {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no "listening" line within 20 s:\n${out}`)), 20_000);
    const check = () => {
      const m = pattern.exec(out);
      if (m) {
        clearTimeout(t);
        resolve(m[1]!);
      }
    };
    child.stdout!.on("data", check);
    child.once("exit", (code) => reject(new Error(`exited ${code} before listening:\n${out}`)));
  });
  return {
    child,
    url,
    output: () => out,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once("exit", (code) => resolve(code));
        child.kill("SIGTERM");
      }),
  };
}

export const KEY = "test-key-id:test-key-secret";

/** The environment that points a `fal-mcp` process's fal hosts (API, queue, run, REST) at one origin. */
export const falUrlsEnv = (origin: string): Record<string, string> => ({
  FAL_API_URL: `${origin}/v1`,
  FAL_QUEUE_URL: `${origin}/queue`,
  FAL_RUN_URL: `${origin}/run`,
  FAL_REST_URL: `${origin}/rest`,
});
