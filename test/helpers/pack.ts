/**
 * The package as a user gets it: `npm pack` of the built project, installed from the tarball, offline
 * (the package has no runtime dependencies: the build bundles them), into a fresh TypeScript project or
 * a global prefix. Shared by test/package/ and bench/lean.ts.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { ROOT } from "./processes.js";

const run = promisify(execFile);
const NPM_FLAGS = ["--offline", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"];

/** `npm pack` of dist/ as built (no scripts: `npm test` has just built it); returns the tarball's path. */
export async function packTarball(dir = mkdtempSync(join(tmpdir(), "fal-mcp-pack-"))): Promise<string> {
  const { stdout } = await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  const info = JSON.parse(stdout)[0] as { filename: string };
  return join(dir, info.filename);
}

/** `npm install -g <tarball>` into a temporary prefix; returns the installed `fal-mcp` command. */
export async function installGlobal(tarball: string): Promise<{ prefix: string; bin: string }> {
  const prefix = mkdtempSync(join(tmpdir(), "fal-mcp-prefix-"));
  await run("npm", ["install", "-g", "--prefix", prefix, ...NPM_FLAGS, tarball], { cwd: prefix });
  return { prefix, bin: join(prefix, "bin", "fal-mcp") };
}

/** A strict TypeScript project like `tsc --init` makes (strict, NodeNext, skipLibCheck), with the tarball installed. */
export async function consumerProject(tarball: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "fal-mcp-consumer-"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "es2022",
        module: "nodenext",
        moduleResolution: "nodenext",
        strict: true,
        skipLibCheck: true,
        noEmit: true,
        types: ["node"],
      },
    }),
  );
  await run("npm", ["install", ...NPM_FLAGS, tarball], { cwd: dir });
  // The consumer's own dev types (Node's, for process.env), as its project would have them.
  mkdirSync(join(dir, "node_modules", "@types"), { recursive: true });
  symlinkSync(join(ROOT, "node_modules", "@types", "node"), join(dir, "node_modules", "@types", "node"), "dir");
  return dir;
}

/** The typed-client example, exactly as the README shows it. */
export function readmeClientExample(): string {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const m = /## The typed client[^\n]*\n+```ts\n([\s\S]*?)```/.exec(readme);
  if (!m) throw new Error("README.md has no ```ts block under '## The typed client'");
  return m[1]!;
}

export interface TscRun {
  ms: number;
  /** `file(line,col): error TSxxxx: message` lines. */
  errors: string[];
}

/** This repo's `tsc` over `files` of the consumer project (its tsconfig, only those files). */
export async function consumerTsc(dir: string, files: string[]): Promise<TscRun> {
  const tsconfig = JSON.parse(readFileSync(join(dir, "tsconfig.json"), "utf8"));
  const project = join(dir, `tsconfig.${files.map((f) => f.replace(/\W/g, "")).join("-")}.json`);
  writeFileSync(project, JSON.stringify({ ...tsconfig, files }));
  const t0 = performance.now();
  const r = await run(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", project, "--pretty", "false"], {
    cwd: dir,
  }).then(
    (x) => x.stdout,
    (e: { stdout?: string }) => e.stdout ?? "",
  );
  return { ms: performance.now() - t0, errors: r.split("\n").filter((l) => / error TS\d+/.test(l)) };
}
