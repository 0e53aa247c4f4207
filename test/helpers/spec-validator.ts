/**
 * Validates an emulator response against the vendored OpenAPI: finds the operation by path and method,
 * then the response schema for the status, and checks the body with Ajv (refs resolved in the spec).
 */
import { Ajv } from "ajv";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./processes.js";

const specs = {
  platform: JSON.parse(readFileSync(join(ROOT, "openapi/platform-api-v1.openapi.json"), "utf8")),
  queue: JSON.parse(readFileSync(join(ROOT, "openapi/queue.openapi.json"), "utf8")),
  run: JSON.parse(readFileSync(join(ROOT, "openapi/run.openapi.json"), "utf8")),
  storage: JSON.parse(readFileSync(join(ROOT, "openapi/storage.openapi.json"), "utf8")),
};
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
for (const [name, spec] of Object.entries(specs)) ajv.addSchema({ ...spec, $id: name });

const pointerEscape = (s: string) => s.replaceAll("~", "~0").replaceAll("/", "~1");

function templateMatch(template: string, path: string): boolean {
  const re = new RegExp(
    `^${template
      .replace(/[.]/g, "\\.")
      .replace(/\{path\}/g, "(?:(?!requests/).)+?")
      .replace(/\{[^}]+\}/g, "[^/]+")}$`,
  );
  return re.test(path);
}

export interface Checked {
  spec: string;
  operation: string;
}

/** Throws with Ajv's errors when the body does not match; returns which operation it matched. */
export function validateResponse(method: string, url: string, status: number, body: unknown): Checked {
  const u = new URL(url);
  const [, prefix, ...rest] = u.pathname.split("/");
  const name = ({ v1: "platform", queue: "queue", run: "run", rest: "storage" } as const)[prefix as "v1"];
  if (!name) throw new Error(`no spec for ${u.pathname}`);
  const path = `/${rest.join("/")}`;
  const spec = specs[name];
  // Most specific template first: literal segments beat parameters.
  const templates = Object.keys(spec.paths).filter((t) => spec.paths[t][method.toLowerCase()] && templateMatch(t, path));
  templates.sort((a, b) => b.replace(/\{[^}]+\}/g, "").length - a.replace(/\{[^}]+\}/g, "").length);
  const t = templates[0];
  if (!t) throw new Error(`no ${method} operation in ${name} for ${path}`);
  const responses = spec.paths[t][method.toLowerCase()].responses;
  const resp = responses[String(status)] ?? responses.default;
  if (!resp) throw new Error(`${name} ${method} ${t} declares no ${status} response`);
  const pointer = `${name}#/paths/${pointerEscape(t)}/${method.toLowerCase()}/responses/${status in responses ? status : "default"}/content/application~1json/schema`;
  if (!resp.content?.["application/json"]) return { spec: name, operation: `${method} ${t} ${status}` };
  const validate = ajv.getSchema(pointer) ?? ajv.compile({ $ref: pointer });
  if (!validate(body))
    throw new Error(
      `${method} ${u.pathname} ${status} does not match ${name} ${t}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 500)}`,
    );
  return { spec: name, operation: `${method} ${t} ${status}` };
}

/** A fetch that validates every JSON response it sees, counting operations checked. */
export function validatingFetch(seen: Checked[], base: typeof fetch = fetch): typeof fetch {
  return (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    const req = new Request(input, init);
    const res = await base(req);
    const type = res.headers.get("content-type") ?? "";
    const u = new URL(req.url);
    if (type.includes("application/json") && /^\/(v1|queue|run|rest)\//.test(u.pathname)) {
      const body = await res.clone().json();
      seen.push(validateResponse(req.method, req.url, res.status, body));
    }
    return res;
  }) as typeof fetch;
}
