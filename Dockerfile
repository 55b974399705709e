# One image for every copnet service; SERVICE picks which one a container runs (see docker-compose.yml).
# Build:  docker build --build-arg SERVICE=members -t copnet-members .

# --- dependencies: production packages only, from the lockfile ---
FROM node:24-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# --- build: the TypeScript compiled to JavaScript under dist/ (`copnet build`: esbuild, file by file) ---
FROM node:24-slim AS build
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY lib ./lib
COPY gateway ./gateway
COPY subgraphs ./subgraphs
COPY schema ./schema
COPY seed ./seed
COPY bin ./bin
RUN node bin/copnet.js build

# --- runtime: compiled JavaScript only (no tsx at run time: faster starts, less memory); no secrets ---
FROM node:24-slim AS runtime
ARG SERVICE=gateway
ENV NODE_ENV=production \
    SERVICE=${SERVICE} \
    HOST=0.0.0.0
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY --from=build /app/dist ./dist
USER node
# PORT is set per service by docker-compose.yml; /readyz answers 200 once the database and schema are ready.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/bin/copnet.js", "help"]
