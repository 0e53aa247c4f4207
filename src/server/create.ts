/**
 * Build an MCP `Server` for one request (the SDK refuses to reuse a stateless server across requests),
 * cheaply: the tool list, JSON Schemas, search indexes and validator are built once and shared; only
 * the key-bearing fal client is per request.
 */
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv-provider.js";
import {
  CallToolRequestSchema,
  ListToolsRequestSchema,
  ListResourcesRequestSchema,
  ReadResourceRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListPromptsRequestSchema,
  GetPromptRequestSchema,
  McpError,
  ErrorCode,
  type CallToolResult,
} from "@modelcontextprotocol/sdk/types.js";
import { createFalClient } from "../fal/client.js";
import { loadModel } from "../catalog/models.js";
import { current } from "../catalog/search.js";
import { callTool, noProgress } from "./dispatch.js";
import type { ServerOptions } from "./options.js";
import type { Prepared } from "./prepare.js";
import { getPrompt, PROMPTS } from "./prompts.js";
import { sentenceRequest } from "./protocol-errors.js";
import { CAPABILITIES, INSTRUCTIONS, SERVER_INFO } from "./identity.js";
import { announcesUi, VIEWER_URI } from "../app/ui.js";
import { readViewer, viewerResource } from "../app/resource.js";

export { SERVER_INFO };
const validator = new AjvJsonSchemaValidator();

export { prepareServer, type Prepared } from "./prepare.js";

/**
 * `client.ui`: the stateless HTTP endpoint says whether the request comes from a client that announced
 * the MCP Apps extension (see app/ui.ts); otherwise the session's own initialize capabilities say it.
 */
export function createServer(opts: ServerOptions, prepared: Prepared, key: string | undefined, client: { ui?: boolean } = {}): Server {
  const server = new Server(SERVER_INFO, {
    capabilities: structuredClone(CAPABILITIES), // the SDK may add to its copy
    jsonSchemaValidator: validator,
    instructions: INSTRUCTIONS,
  });

  const ui = () => client.ui ?? announcesUi(server.getClientCapabilities());
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: ui() ? prepared.ui.list : prepared.list }));

  server.setRequestHandler(
    sentenceRequest("tools/call", CallToolRequestSchema.shape.params, "tools/call request"),
    async (req, extra): Promise<CallToolResult> => {
      const token = req.params._meta?.progressToken;
      return callTool(
        {
          opts,
          prepared,
          key,
          signal: opts.shutdownSignal ? AbortSignal.any([extra.signal, opts.shutdownSignal]) : extra.signal,
          progress:
            token === undefined
              ? noProgress
              : async (progress, total, message) => {
                  await extra
                    .sendNotification({
                      method: "notifications/progress",
                      params: { progressToken: token, progress, ...(total !== undefined ? { total } : {}), message },
                    })
                    .catch(() => undefined);
                },
        },
        req.params.name,
        req.params.arguments,
      );
    },
  );

  server.setRequestHandler(ListResourcesRequestSchema, () => ({
    resources: [
      {
        uri: "fal://catalog",
        name: "fal model catalog",
        description: `${current().models.length} models: id, name, category, description`,
        mimeType: "application/json",
      },
      // Hosts find the viewer through tools' _meta; listed only for clients that can show it.
      ...(ui() ? [viewerResource] : []),
    ],
  }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({
    resourceTemplates: [
      { uriTemplate: "fal://models/{endpoint_id}/schema", name: "Model schema (compact)", mimeType: "application/json" },
      { uriTemplate: "fal://models/{endpoint_id}/openapi", name: "Model OpenAPI (raw, as fal serves it)", mimeType: "application/json" },
    ],
  }));
  server.setRequestHandler(ReadResourceRequestSchema, async (req) => {
    const uri = req.params.uri;
    if (uri === VIEWER_URI) return readViewer(opts.urls);
    if (uri === "fal://catalog")
      return {
        contents: [
          {
            uri,
            mimeType: "application/json",
            text: JSON.stringify(
              current().models.map((m) => ({ endpoint_id: m.endpoint_id, name: m.name, category: m.category, description: m.description })),
            ),
          },
        ],
      };
    const m = /^fal:\/\/models\/(.+)\/(schema|openapi)$/.exec(uri);
    if (m && current().byId.has(m[1]!) && (await loadModel(m[1]!))) {
      if (m[2] === "schema") {
        const mod = await loadModel(m[1]!);
        return { contents: [{ uri, mimeType: "application/json", text: JSON.stringify(mod!.compact) }] };
      }
      const text = await rawSpec(opts, m[1]!);
      return { contents: [{ uri, mimeType: "application/json", text }] };
    }
    throw new McpError(
      ErrorCode.InvalidParams,
      `Unknown resource ${uri}: use fal://catalog or fal://models/{endpoint_id}/schema|openapi with a known endpoint id`,
    );
  });

  server.setRequestHandler(ListPromptsRequestSchema, () => ({ prompts: PROMPTS.map(({ render, ...p }) => p) }));
  server.setRequestHandler(sentenceRequest("prompts/get", GetPromptRequestSchema.shape.params, "prompts/get request"), (req) =>
    getPrompt(req.params.name, req.params.arguments),
  );
  return server;
}

/**
 * The raw per-model OpenAPI: the spec vendored in this package when it has a file system (addressed by
 * a catalog id, never a caller's path), else fal's own `/v1/models?expand=openapi-3.0`.
 */
async function rawSpec(opts: ServerOptions, id: string): Promise<string> {
  if (opts.rawSpec) return opts.rawSpec(id);
  try {
    const [{ readFile }, { join }, { packageRoot }, { endpointSlug }] = await Promise.all([
      import("node:fs/promises"),
      import("node:path"),
      import("../paths.js"),
      import("../catalog/naming.js"),
    ]);
    return await readFile(join(packageRoot(), "openapi", "models", `${endpointSlug(id)}.json`), "utf8");
  } catch {
    const r = await createFalClient({ urls: opts.urls }).searchModels({ endpoint_id: [id], expand: ["openapi-3.0"] });
    return JSON.stringify((r?.models?.[0] as { openapi?: unknown } | undefined)?.openapi ?? null);
  }
}
