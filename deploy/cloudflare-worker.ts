// Cloudflare Workers entry: `wrangler deploy deploy/cloudflare-worker.ts` with
// compatibility_flags = ["nodejs_compat"]. Configure with vars: FAL_MCP_ALLOW_ANONYMOUS,
// FAL_MCP_ALLOWED_ORIGINS (and FAL_*_URL only to point at something other than fal).
// OAuth sign-in (claude.ai, ChatGPT, Claude Code, Codex, Cursor): `wrangler secret put FAL_MCP_TOKEN_SECRET`
// with `k1:$(openssl rand -base64 48)` (comma-separated `kid:secret` list to rotate); set the var
// FAL_MCP_PUBLIC_URL only when clients reach the Worker through another origin. Unset: raw keys only.
export { default } from "fal-mcp/fetch";
