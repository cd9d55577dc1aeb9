# syntax=docker/dockerfile:1
# Parley server + web client in one image. Build: `docker build -t parley .` (docs/deploy.md).
# Stages: manifests (lockfile and workspace package.json files only, so dependency layers are cached
# until they change), build (all deps, compile protocol/server/web), prod-deps (production deps of
# the server only), runtime (node:20-slim, no compilers, no dev deps, non-root).

FROM node:20-slim AS manifests
WORKDIR /app
# better-sqlite3 falls back to compiling from source when no prebuilt binary matches.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY packages/protocol/package.json packages/protocol/
COPY apps/server/package.json apps/server/
COPY apps/web/package.json apps/web/

FROM manifests AS build
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json ./
COPY packages/protocol packages/protocol
COPY apps/server apps/server
COPY apps/web apps/web
RUN npm run build

FROM manifests AS prod-deps
# The runtime needs the server's dependencies and the protocol workspace (linked into node_modules);
# the web client ships as static files only.
RUN npm ci --omit=dev --no-audit --no-fund --workspace @parley/server \
 && npm cache clean --force

FROM node:20-slim AS runtime
ENV NODE_ENV=production \
    PARLEY_HOST=0.0.0.0 \
    PARLEY_PORT=8000 \
    PARLEY_DATA_DIR=/data
WORKDIR /app
# Files stay root-owned and read-only for the `node` user (uid 1000); only /data is writable.
COPY --from=prod-deps /app/node_modules node_modules
COPY --from=build /app/package.json ./
COPY --from=build /app/packages/protocol/package.json packages/protocol/
COPY --from=build /app/packages/protocol/dist packages/protocol/dist
COPY --from=build /app/apps/server/package.json apps/server/
COPY --from=build /app/apps/server/dist apps/server/dist
# The operator's command line: `docker compose exec parley parley doctor` (docs/operations.md).
COPY --from=build /app/apps/server/bin apps/server/bin
# Read at start-up relative to dist/ (the common-password list of the password policy).
COPY --from=build /app/apps/server/data apps/server/data
COPY --from=build /app/apps/web/dist apps/web/dist
RUN mkdir -p /data/blobs && chown -R node:node /data \
 && ln -s /app/apps/server/bin/parley.js /usr/local/bin/parley
# Numeric, so Kubernetes runAsNonRoot can verify it without resolving names: the image's `node` user.
USER 1000:1000
VOLUME /data
EXPOSE 8000
# No curl in slim images: Node's own fetch asks the liveness endpoint.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PARLEY_PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node as PID 1 receives SIGTERM directly: the server closes sockets with 1012 and exits within 10 s.
CMD ["node", "apps/server/dist/main.js"]
