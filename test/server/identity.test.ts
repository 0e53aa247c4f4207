/** Facts written once: the version (held to package.json's), the user agent, and endpoint-id globs. */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { SERVER_INFO, USER_AGENT } from "../../src/server/identity.js";
import { globToRegExp } from "../../src/glob.js";
import { CLI } from "../helpers/processes.js";

it("says the package's own version, to clients and to fal", () => {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { name: string; version: string };
  expect(SERVER_INFO).toEqual({ name: pkg.name, version: pkg.version });
  expect(USER_AGENT).toBe(`${pkg.name}/${pkg.version}`);
  expect(execFileSync(process.execPath, [CLI, "--version"], { encoding: "utf8" })).toBe(`${pkg.version}\n`);
});

it("reads endpoint-id globs with * as any run and everything else literal", () => {
  expect(globToRegExp("fal-ai/flux/*").test("fal-ai/flux/dev")).toBe(true);
  expect(globToRegExp("fal-ai/flux/*").test("fal-ai/flux-pro/dev")).toBe(false);
  expect(globToRegExp("fal-ai/kling-video/v2.1/*").test("fal-ai/kling-video/v2x1/pro")).toBe(false);
  expect(globToRegExp("*").test("anything/at/all")).toBe(true);
  expect(globToRegExp("a+b(c)").test("a+b(c)")).toBe(true);
});
