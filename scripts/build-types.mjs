// Declaration files (.d.ts) for the package's typed entry points, under dist/types/.
//
// Each generated model module holds both its OpenAPI types and its Zod schemas. A consumer needs only
// the types, and Zod's inferred types for 1,291 schemas are what made a consumer's `tsc` take most of a
// minute. So the compiler reads each model module with its Zod constants replaced by declarations of the
// shape `ModelModule` already promises (`input: ZodType`, ...): the emitted model .d.ts files are plain
// interfaces, cheap to parse, and a model's types are only resolved when its endpoint id is used.
// `noCheck`: this step only emits; `npm run typecheck` checks the real sources.
import ts from "typescript";

const ROOTS = ["src/index.ts", "src/fal/index.ts", "src/http/fetch.ts", "src/emulator/server.ts"];
const MODEL = /[\\/]generated[\\/]models[\\/](?!index\.ts$)[^\\/]+\.ts$/;

/** What a model module's exported constants become in its declaration; any other constant is an error. */
const DECLARED = {
  input: 'import("zod").ZodType',
  output: 'import("zod").ZodType',
  compact: 'import("./index.js").ModelModule["compact"]',
  notes: "readonly string[]",
};

/** A model module's source with its runtime constants reduced to declarations (types kept verbatim). */
export function modelTypesOnly(fileName, text) {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const out = [];
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st)) continue; // only `import { z } from "zod"`, which the constants used
    if (!ts.isVariableStatement(st)) {
      out.push(text.slice(st.getFullStart(), st.getEnd()));
      continue;
    }
    if (!st.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue; // helper schemas
    for (const d of st.declarationList.declarations) {
      const name = d.name.getText(sf);
      const init = d.initializer;
      if (name === "endpointId" && init && ts.isAsExpression(init) && ts.isStringLiteral(init.expression)) out.push(`\nexport declare const endpointId: ${JSON.stringify(init.expression.text)};`);
      else if (name in DECLARED) out.push(`\nexport declare const ${name}: ${DECLARED[name]};`);
      else throw new Error(`${fileName}: no declaration rule for the exported constant "${name}" (scripts/build-types.mjs)`);
    }
  }
  return `${out.join("")}\n`;
}

export function emitDeclarations() {
  const parsed = ts.getParsedCommandLineOfConfigFile("tsconfig.json", {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n")); } });
  const options = { ...parsed.options, noEmit: false, declaration: true, emitDeclarationOnly: true, declarationDir: "dist/types", rootDir: ".", noCheck: true, skipLibCheck: true, sourceMap: false, declarationMap: false };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, lang, onError, fresh) => {
    if (!MODEL.test(fileName)) return getSourceFile(fileName, lang, onError, fresh);
    return ts.createSourceFile(fileName, modelTypesOnly(fileName, ts.sys.readFile(fileName) ?? ""), lang, false, ts.ScriptKind.TS);
  };
  const program = ts.createProgram({ rootNames: ROOTS, options, host });
  let files = 0;
  const r = program.emit(undefined, (name, text) => (files++, ts.sys.writeFile(name, text)));
  const errors = [...program.getOptionsDiagnostics(), ...program.getSyntacticDiagnostics(), ...r.diagnostics].filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length) throw new Error(ts.formatDiagnostics(errors.slice(0, 10), { getCanonicalFileName: (f) => f, getCurrentDirectory: () => process.cwd(), getNewLine: () => "\n" }));
  return `${files} .d.ts files`;
}
