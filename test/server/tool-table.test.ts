/**
 * One definition per tool: the contract (openapi/tools.json) says what a tool is, needs and spends; the
 * table binds it to a handler; every set the server uses is derived from those, never listed again.
 */
import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { emitToolDefinitions } from "../../codegen/emit/tools.js";
import { handlers, KEYLESS, READ_ONLY } from "../../src/tools/table.js";
import { COST_GUARDED, JOB_TOOLS, TOOL_NAMES } from "../../src/tools/traits.js";

interface ContractTool {
  name: string;
  needsFalKey: boolean;
  annotations: { readOnlyHint?: boolean };
}
const contract = (JSON.parse(readFileSync("openapi/tools.json", "utf8")) as { tools: ContractTool[] }).tools;

describe("the tool table", () => {
  it("has a handler for every tool of the contract and nothing else", () => {
    expect(Object.keys(handlers).sort()).toEqual(contract.map((t) => t.name).sort());
    expect([...TOOL_NAMES].sort()).toEqual(contract.map((t) => t.name).sort());
  });

  it("derives the keyless and read-only sets from the contract", () => {
    expect([...KEYLESS].sort()).toEqual(
      contract
        .filter((t) => !t.needsFalKey)
        .map((t) => t.name)
        .sort(),
    );
    expect([...READ_ONLY].sort()).toEqual(
      contract
        .filter((t) => t.annotations.readOnlyHint === true)
        .map((t) => t.name)
        .sort(),
    );
    // The tools that run models are neither: a keyless or read-only server must never spend.
    for (const spender of ["run_model", "submit_job", "upload_file"] as const) {
      expect(KEYLESS.has(spender)).toBe(false);
      expect(READ_ONLY.has(spender)).toBe(false);
    }
  });

  it("derives which tools take a cost ceiling and which answer about a job (the viewer's) from their schemas", () => {
    expect([...COST_GUARDED].sort()).toEqual(["run_model", "submit_job"]);
    expect([...JOB_TOOLS].sort()).toEqual(["check_job", "run_model", "submit_job"]);
  });

  it("codegen refuses a tool that does not say whether it needs a key", () => {
    const tool = { ...contract[0], needsFalKey: undefined };
    expect(() => emitToolDefinitions({ tools: [tool] }, "x")).toThrow(/needsFalKey/);
  });

  it("no tool module imports another tool: shared helpers live in their own modules", () => {
    const toolFiles = new Set(contract.map((t) => `${t.name}.js`));
    for (const file of readdirSync("src/tools")) {
      const text = readFileSync(`src/tools/${file}`, "utf8");
      const imported = [...text.matchAll(/from "\.\/([^"]+)"/g)].map((m) => m[1] ?? "");
      const crossed = imported.filter((f) => toolFiles.has(f));
      if (file === "table.ts") continue; // the table is the one module that imports every tool
      expect(crossed, `src/tools/${file}`).toEqual([]);
    }
  });
});
