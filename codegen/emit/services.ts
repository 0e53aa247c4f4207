/**
 * Emit `generated/clients/<service>.ts`: openapi-typescript `paths` for one fal host, and an
 * openapi-fetch client factory bound to them. The runtime (src/fal) supplies base URL and auth.
 */
import openapiTS, { astToString } from "openapi-typescript";
import { header } from "./header.js";
import type { SpecNode } from "../specs.js";

export async function emitService(name: string, spec: SpecNode, sourceHash: string): Promise<string> {
  const ast = await openapiTS(spec, { silent: true, defaultNonNullable: false });
  const factory = `create${name[0]!.toUpperCase()}${name.slice(1)}Client`;
  return (
    header("codegen/emit/services.ts", sourceHash) +
    `import createClient, { type ClientOptions } from "openapi-fetch";\n\n` +
    astToString(ast) +
    `\n/** An openapi-fetch client typed by this spec; pass \`baseUrl\`, \`headers\` and \`fetch\`. */\n` +
    `export function ${factory}(options: ClientOptions) {\n  return createClient<paths>(options);\n}\n`
  );
}
