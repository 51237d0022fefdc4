# secret-review GitHub App server.
#   docker build -t secret-review .
#   docker run -d --name secret-review --env-file .env -p 3000:3000 -v secret-review-data:/data secret-review
# Node 22 LTS by default (Node 20 reached end of life in April 2026); --build-arg NODE_VERSION=24 for 24 LTS.
ARG NODE_VERSION=22

# ---- build: all dependencies, TypeScript -> dist, better-sqlite3's native addon ----
FROM node:${NODE_VERSION}-slim AS build
WORKDIR /app
# Toolchain for better-sqlite3 when no prebuilt binary matches the platform (the install script falls
# back to node-gyp).
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
    && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# --ignore-scripts: "prepare" would build before the sources are here; then run better-sqlite3's
# install script alone (the only dependency whose install script the project allows).
RUN npm ci --ignore-scripts \
    && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY bench ./bench
COPY test/support ./test/support
RUN npx tsc -p tsconfig.build.json

# ---- runtime: production dependencies only, non-root, tini as PID 1 ----
FROM node:${NODE_VERSION}-slim AS runtime
# tini forwards SIGTERM/SIGINT to node and reaps zombies (docker run --init works too).
RUN apt-get update \
    && apt-get install -y --no-install-recommends tini \
    && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies without install scripts, then the native addon compiled in the build stage
# (same base image and Node version, so the same ABI).
RUN npm ci --omit=dev --ignore-scripts \
    && npm cache clean --force
COPY --from=build /app/node_modules/better-sqlite3/build ./node_modules/better-sqlite3/build
COPY --from=build /app/dist/src ./dist/src
COPY app.yml ./
# The SQLite job store lives in /data: owned by the unprivileged "node" user of the base image.
RUN mkdir -p /data \
    && chown node:node /data
USER node
VOLUME /data
EXPOSE 3000
# The server listens within a second of starting, before the first check at 30 s: no start period
# needed (dockerfilelint 1.8 also misreads hyphenated HEALTHCHECK options such as --start-period).
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/src/server.js"]
