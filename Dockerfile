# The gateway (and the built client it serves), for compose.yaml or any
# orchestrator. Build: docker build -t missive-crm .
# Run one: docker run --env-file .env -p 3000:3000 missive-crm

# --- build: every dependency, then the client and the server bundle ---------
FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 is compiled when no prebuilt binary matches the platform.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
# The manifests alone first, so that a change to the code reuses this layer.
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY client/package.json client/
COPY e2e/package.json e2e/
RUN npm ci
COPY . .
# Then only what the running server needs: its runtime dependencies beside
# the two dist folders.
RUN npm run build && npm prune --omit=dev

# --- runtime -----------------------------------------------------------------
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
  # Reached through the proxy (or a published port), not only from inside the container.
  HOST=0.0.0.0 \
  PORT=3000 \
  # SQLite when DATABASE_URL is unset; with it, only what the server keeps locally.
  DATA_DIR=/data
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/server/package.json ./server/
COPY --from=build --chown=node:node /app/server/dist ./server/dist
COPY --from=build --chown=node:node /app/client/dist ./client/dist
RUN mkdir -p /data && chown node:node /data
VOLUME /data
# The image's unprivileged user: the gateway needs no root.
USER node
EXPOSE 3000
# /api/health answers while the process serves, whatever Missive's state (it
# says that in its body): a gateway is not restarted because Missive is down.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node as PID 1 handles SIGTERM itself (graceful shutdown, SHUTDOWN_GRACE_MS);
# give it longer than that to stop (compose.yaml: stop_grace_period 30s).
CMD ["node", "server/dist/index.js"]
