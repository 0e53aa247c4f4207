# fal-mcp: stateless MCP endpoint. Multi-stage: build with dev dependencies, run with production ones.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the build runs below, once the sources are copied.
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY . .
# Node 22 (optional dependency) only serves the conformance tests: not shipped.
RUN node scripts/build.mjs && npm prune --omit=dev --omit=optional --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
# Vendored specs: the raw per-model OpenAPI resource reads them (never a caller's path).
COPY --from=build --chown=node:node /app/openapi/models ./openapi/models
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:3000/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# 0.0.0.0 inside the container: the Host/Origin localhost restriction applies only to localhost binds.
CMD ["node", "dist/src/cli.js", "serve", "--host", "0.0.0.0", "--port", "3000"]
