// Cloudflare Workers entry: `wrangler deploy deploy/cloudflare-worker.ts` with
// compatibility_flags = ["nodejs_compat"]. Configure with vars: FAL_MCP_ALLOW_ANONYMOUS,
// FAL_MCP_ALLOWED_ORIGINS (and FAL_*_URL only to point at something other than fal).
export { default } from "fal-mcp/fetch";
