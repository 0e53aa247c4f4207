// Declaration files (.d.ts) for the package's typed entry points, under dist/types/.
//
// Each generated model module holds both its OpenAPI types and its Zod schemas. A consumer needs only
// the types, and Zod's inferred types for 1,291 schemas are what made a consumer's `tsc` take most of a
// minute. So each model's declaration file is its types, verbatim, with its runtime constants declared
// as `ModelModule` already promises (`input: ZodType`, ...): plain interfaces, cheap to parse, resolved
// only when that endpoint id is used. They are written directly (codegen lays every model module out
// the same way: types first, then `export const endpointId`, then the constants; anything else stops
// the build). The compiler then emits the declarations of src/ and of the rest of generated/, with
// the model modules stubbed out: their types are referred to by name, never expanded.
// `noCheck`: this step only emits; `npm run typecheck` checks the real sources.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";

const ROOTS = ["src/index.ts", "src/fal/index.ts", "src/transports/http/fetch.ts", "src/emulator/server.ts"];
const MODELS = "generated/models";
const OUT = "dist/types";
const IS_MODEL = /[\\/]generated[\\/]models[\\/](?!index\.(d\.)?ts$)[^\\/]+\.(d\.)?ts$/;

/** What a model module's exported constants become in its declaration file. */
const DECLARED = {
  input: 'import("zod").ZodType',
  output: 'import("zod").ZodType',
  compact: 'import("./index.js").ModelModule["compact"]',
  toolSchemas: 'import("./index.js").ModelModule["toolSchemas"]',
  notes: "readonly string[]",
};

/** A model module's declaration file: its types verbatim, its constants declared. */
export function modelDeclaration(fileName, text) {
  const cut = text.indexOf("\nexport const endpointId = ");
  if (cut < 0) throw new Error(`${fileName}: no "export const endpointId" (scripts/build-types.mjs expects codegen's layout)`);
  const types = text.slice(0, cut).replace(/^import \{ z \} from "zod";\n/m, "");
  if (/^(export )?(const|let|var|function|class|import) /m.test(types))
    throw new Error(`${fileName}: runtime code before "export const endpointId" (scripts/build-types.mjs expects codegen's layout)`);
  const tail = text.slice(cut);
  const id = /^export const endpointId = ("(?:[^"\\]|\\.)*") as const;$/m.exec(tail);
  const exported = [...tail.matchAll(/^export (\w+) (\w+)/gm)].map((m) => (m[1] === "const" ? m[2] : `${m[1]} ${m[2]}`));
  const expected = ["endpointId", ...Object.keys(DECLARED)];
  if (!id || exported.join() !== expected.join())
    throw new Error(
      `${fileName}: exports ${exported.join(", ")} after the types, expected ${expected.join(", ")} (scripts/build-types.mjs)`,
    );
  return `${types}\nexport declare const endpointId: ${id[1]};\n${Object.entries(DECLARED)
    .map(([k, t]) => `export declare const ${k}: ${t};\n`)
    .join("")}`;
}

export function emitDeclarations() {
  mkdirSync(join(OUT, MODELS), { recursive: true });
  let models = 0;
  for (const f of readdirSync(MODELS)) {
    if (!f.endsWith(".ts") || f === "index.ts") continue;
    writeFileSync(join(OUT, MODELS, f.replace(/\.ts$/, ".d.ts")), modelDeclaration(f, readFileSync(join(MODELS, f), "utf8")));
    models++;
  }

  const parsed = ts.getParsedCommandLineOfConfigFile(
    "tsconfig.json",
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    },
  );
  const options = {
    ...parsed.options,
    noEmit: false,
    declaration: true,
    emitDeclarationOnly: true,
    declarationDir: OUT,
    rootDir: ".",
    noCheck: true,
    skipLibCheck: true,
    sourceMap: false,
    declarationMap: false,
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, lang, onError, fresh) =>
    IS_MODEL.test(fileName)
      ? ts.createSourceFile(fileName, "export {};\n", lang, false, ts.ScriptKind.TS)
      : getSourceFile(fileName, lang, onError, fresh);
  const program = ts.createProgram({ rootNames: ROOTS, options, host });
  let files = 0;
  const r = program.emit(undefined, (name, text) => {
    if (IS_MODEL.test(name)) return; // written above, from the real module
    files++;
    ts.sys.writeFile(name, text);
  });
  const errors = [...program.getOptionsDiagnostics(), ...program.getSyntacticDiagnostics(), ...r.diagnostics].filter(
    (d) => d.category === ts.DiagnosticCategory.Error,
  );
  if (errors.length)
    throw new Error(
      ts.formatDiagnostics(errors.slice(0, 10), {
        getCanonicalFileName: (f) => f,
        getCurrentDirectory: () => process.cwd(),
        getNewLine: () => "\n",
      }),
    );
  return `${models} model + ${files} other .d.ts files`;
}
