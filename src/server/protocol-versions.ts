/**
 * The MCP protocol versions the bundled SDK speaks, without loading the SDK: the build (scripts/build.mjs)
 * writes them in as a constant, so a cold process can answer `initialize` and check the
 * `mcp-protocol-version` header before the SDK and Zod are evaluated (~100 ms of a cold start). Run from
 * sources (tsx, vitest), there is no constant and the SDK's own list is loaded.
 */
declare const __MCP_PROTOCOL_VERSIONS__: { latest: string; supported: readonly string[] } | undefined;

type Versions = { latest: string; supported: readonly string[] };

/** The versions when the build wrote them in (synchronous: answers keep their order), else undefined. */
export const BUILT_IN_VERSIONS: Versions | undefined =
  typeof __MCP_PROTOCOL_VERSIONS__ !== "undefined" ? __MCP_PROTOCOL_VERSIONS__ : undefined;

let loaded: Promise<{ latest: string; supported: readonly string[] }> | undefined;

export function protocolVersions(): Promise<{ latest: string; supported: readonly string[] }> {
  if (BUILT_IN_VERSIONS) return Promise.resolve(BUILT_IN_VERSIONS);
  loaded ??= import("@modelcontextprotocol/sdk/types.js").then((t) => ({
    latest: t.LATEST_PROTOCOL_VERSION,
    supported: t.SUPPORTED_PROTOCOL_VERSIONS,
  }));
  return loaded;
}
