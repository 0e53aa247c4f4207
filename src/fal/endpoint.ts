/**
 * fal's endpoint-id → URL rule (docs/fal-contract.md §2.1): submit and run use the full id; status, stream,
 * result and cancel use only `[namespace/]owner/alias`.
 */
const NAMESPACES = new Set(["workflows", "comfy"]);

export interface EndpointParts {
  namespace?: string;
  owner: string;
  alias: string;
  path?: string;
}

/** A syntactically valid endpoint id: 2+ segments of url-safe characters, no dot segments. */
export const ENDPOINT_ID_RE = /^(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9][A-Za-z0-9._-]*(?:\/[A-Za-z0-9._-]+)+$/;

export function parseEndpointId(id: string): EndpointParts {
  // fal rewrites a bare `123-myapp` to `123/myapp`.
  const normalized = /^\d+-/.test(id) && !id.includes("/") ? id.replace(/^(\d+)-/, "$1/") : id;
  const parts = normalized.split("/");
  const namespace = NAMESPACES.has(parts[0]!) ? parts.shift() : undefined;
  if (parts.length < 2) throw new TypeError(`"${id}" is not a fal endpoint id: expected owner/alias[/path], e.g. fal-ai/flux/dev`);
  const [owner, alias, ...rest] = parts as [string, string, ...string[]];
  return { ...(namespace ? { namespace } : {}), owner, alias, ...(rest.length ? { path: rest.join("/") } : {}) };
}

/** `fal-ai/flux/dev` → `fal-ai/flux`: the app root that request URLs hang off. */
export function appRoot(id: string): string {
  const p = parseEndpointId(id);
  return [p.namespace, p.owner, p.alias].filter(Boolean).join("/");
}

/**
 * One escaped URL path segment. The second line behind the tools' own id checks: `.` and `..` survive
 * escaping, and URL resolution then climbs out of the request's path (`requests/../cancel` is another fal
 * route); an empty segment shifts a route's parts. Either is refused here, whatever the caller checked.
 */
export function pathSegment(seg: string): string {
  if (seg === "" || seg === "." || seg === "..")
    throw new TypeError(`refusing to build a fal URL with ${seg ? `a "${seg}"` : "an empty"} path segment`);
  return encodeURIComponent(seg);
}

export function queueUrls(queueBase: string, id: string, requestId: string) {
  const base = `${queueBase.replace(/\/$/, "")}/${appRoot(id).split("/").map(pathSegment).join("/")}/requests/${pathSegment(requestId)}`;
  return { response_url: base, status_url: `${base}/status`, cancel_url: `${base}/cancel`, stream_url: `${base}/status/stream` };
}
