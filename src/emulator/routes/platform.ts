/**
 * api.fal.ai/v1, the platform API: model search (`GET /models`), pricing (`GET /models/pricing`) and
 * cost estimates (`POST /models/pricing/estimate`), in the platform's `{error: {type, message}}` envelope.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { catalog, catalogAsOf, prices } from "../../../generated/catalog.js";
import { catalogById } from "../intake.js";
import { emulatedPrice } from "../prices.js";
import type { EmulatorState } from "../state.js";
import { HttpError, isRecord, json, readJsonObject, requireKey } from "../wire.js";

type CatalogModel = (typeof catalog)[number];

const priceById = new Map(prices.map((p) => [p.endpoint_id, p]));
const SNAPSHOT_DATE = `${catalogAsOf}T00:00:00Z`;

const platformError = (status: number, type: string, message: string) => new HttpError(status, { error: { type, message } });
const invalid = (message: string) => platformError(400, "validation_error", message);

/** Comma lists and repeated parameters both, as fal accepts them. */
const listParam = (q: URLSearchParams, name: string) =>
  q
    .getAll(name)
    .flatMap((s) => s.split(","))
    .filter(Boolean);

/** `path` is the part after `/v1`. */
export async function platformRoute(st: EmulatorState, req: IncomingMessage, res: ServerResponse, url: URL, path: string): Promise<void> {
  if (path === "/models" && req.method === "GET") return searchModels(st, req, res, url.searchParams);
  if (path === "/models/pricing" && req.method === "GET") return pricing(st, req, res, url.searchParams);
  if (path === "/models/pricing/estimate" && req.method === "POST") return estimate(st, req, res);
  throw platformError(404, "not_found", `No route ${req.method} /v1${path}`);
}

function searchModels(st: EmulatorState, req: IncomingMessage, res: ServerResponse, q: URLSearchParams): void {
  if (req.headers.authorization) requireKey(req, st.keys, true);
  const ids = listParam(q, "endpoint_id");
  if (ids.length > 50) throw invalid("endpoint_id accepts 1-50 ids");
  const limitRaw = q.get("limit");
  const limit = limitRaw === null ? 50 : Number(limitRaw);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw invalid("limit must be an integer between 1 and 100");
  const status = q.get("status");
  if (status && status !== "active" && status !== "deprecated") throw invalid("status must be active or deprecated");
  const expand = q.getAll("expand").flatMap((s) => s.split(","));
  const text = (q.get("q") ?? "").toLowerCase().split(/\s+/).filter(Boolean);
  const category = q.get("category");
  let rows = ids.length ? ids.map((id) => catalogById.get(id)).filter((m) => m !== undefined) : [...catalog];
  if (category) rows = rows.filter((m) => m.category === category);
  if (status) rows = rows.filter((m) => m.status === status);
  if (text.length) {
    const hay = (m: CatalogModel) => `${m.endpoint_id} ${m.name} ${m.description} ${m.category} ${m.tags.join(" ")}`.toLowerCase();
    rows = rows.filter((m) => text.every((t) => hay(m).includes(t)));
  }
  const page = pageOf(q.get("cursor"));
  const slice = rows.slice(page * limit, (page + 1) * limit);
  const hasMore = (page + 1) * limit < rows.length;
  const models = slice.map((m) => {
    const entry: Record<string, unknown> = { endpoint_id: m.endpoint_id, metadata: metadataOf(m) };
    if (expand.includes("openapi-3.0")) entry.openapi = st.spec(m.endpoint_id);
    if (expand.includes("enterprise_status")) entry.enterprise_status = "ready";
    return entry;
  });
  json(res, 200, { models, next_cursor: hasMore ? Buffer.from(String(page + 1)).toString("base64") : null, has_more: hasMore });
}

/** The page a cursor names: the emulator's cursors are base64 page numbers. */
function pageOf(cursor: string | null): number {
  if (!cursor) return 0;
  const decoded = /^[A-Za-z0-9+/]+=*$/.test(cursor) ? Buffer.from(cursor, "base64").toString("utf8") : "";
  if (!/^\d{1,9}$/.test(decoded)) throw invalid("invalid cursor: pass next_cursor from the previous page");
  return Number(decoded);
}

function metadataOf(m: CatalogModel): Record<string, unknown> {
  return {
    display_name: m.name,
    category: m.category,
    description: m.description,
    status: m.status,
    tags: m.tags,
    updated_at: SNAPSHOT_DATE,
    is_favorited: null,
    thumbnail_url: m.thumbnail_url ?? "",
    model_url: `https://fal.run/${m.endpoint_id}`,
    date: SNAPSHOT_DATE,
    highlighted: false,
    pinned: false,
  };
}

function pricing(st: EmulatorState, req: IncomingMessage, res: ServerResponse, q: URLSearchParams): void {
  requireKey(req, st.keys, true);
  const ids = listParam(q, "endpoint_id");
  if (ids.length < 1 || ids.length > 50) throw invalid("endpoint_id is required (1-50 ids)");
  const unknown = ids.filter((id) => !catalogById.has(id));
  if (unknown.length) throw platformError(404, "not_found", `Unknown endpoint(s): ${unknown.join(", ")}`);
  json(res, 200, { prices: ids.map((id) => emulatedPrice(catalogById.get(id)!, priceById)), next_cursor: null, has_more: false });
}

async function estimate(st: EmulatorState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  requireKey(req, st.keys, true);
  const body = await readJsonObject(req, st.maxBody);
  const type = body.estimate_type;
  if (type !== "historical_api_price" && type !== "unit_price") throw invalid("estimate_type must be historical_api_price or unit_price");
  if (!body.endpoints || typeof body.endpoints !== "object") throw invalid("endpoints is required");
  const field = type === "unit_price" ? "unit_quantity" : "call_quantity";
  let total = 0;
  for (const [id, q] of Object.entries(body.endpoints)) {
    const m = catalogById.get(id);
    if (!m) throw platformError(404, "not_found", `No pricing for ${id}`);
    const p = emulatedPrice(m, priceById);
    const qty = isRecord(q) ? q[field] : undefined;
    if (typeof qty !== "number" || !(qty > 0)) throw invalid(`${id}: ${field} must be a positive number`);
    total += p.unit_price * qty;
  }
  json(res, 200, { estimate_type: type, total_cost: Math.round(total * 1e6) / 1e6, currency: "USD" });
}
