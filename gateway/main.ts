import "reflect-metadata";
import { z } from "zod";
import { DEFAULT_PORTS, SUBGRAPH_NAMES, envPort, metricsPortEnv, parseEnv, serviceDatabaseUrl } from "../lib/config.js";
import { runMain, untilSignal } from "../lib/main.js";
import { startTracing } from "../lib/tracing.js";
import { defaultIntrospection, introspectionEnv, limitsEnv } from "./limits.js";
import { erasureEnv } from "./privacy/erasure-jobs.js";
import { rateLimitsEnv } from "./rate-limits.js";
import { startGateway } from "./server.js";
import { readSupergraphConfig, shippedSubgraphs } from "./supergraph.js";

runMain(async () => {
  startTracing("gateway");
  const env = parseEnv({
    GATEWAY_PORT: envPort(DEFAULT_PORTS.gateway),
    HOST: z.string().default("127.0.0.1"),
    NODE_ENV: z.string().optional(),
    ...limitsEnv,
    ...introspectionEnv,
    ...rateLimitsEnv,
    ...erasureEnv,
    COPNET_REGISTRY_POLL_MS: z.coerce.number().int().min(100).default(1000),
    COPNET_COALESCE_READS: z.enum(["true", "false"]).default("true"),
    ...metricsPortEnv,
    COPNET_DEV_ORIGINS: z.string().optional(),
    ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [`${name.toUpperCase()}_URL`, z.url().optional()])),
  });
  // <NAME>_URL says where a shipped subgraph listens in this deployment; it overrides the registry's URL.
  const subgraphUrls = Object.fromEntries(
    SUBGRAPH_NAMES.flatMap((name) => {
      const url = (env as Record<string, unknown>)[`${name.toUpperCase()}_URL`] as string | undefined;
      return url ? [[name, url]] : [];
    }),
  );
  const server = await startGateway({
    databaseUrl: serviceDatabaseUrl("gateway"),
    port: env.GATEWAY_PORT,
    host: env.HOST,
    subgraphs: await shippedSubgraphs(await readSupergraphConfig(), subgraphUrls),
    subgraphUrls,
    registryPollMs: env.COPNET_REGISTRY_POLL_MS,
    metricsPort: env.COPNET_METRICS_PORT,
    limits: {
      maxDepth: env.COPNET_MAX_DEPTH,
      maxAliases: env.COPNET_MAX_ALIASES,
      maxDirectives: env.COPNET_MAX_DIRECTIVES,
      maxTokens: env.COPNET_MAX_TOKENS,
      maxCost: env.COPNET_MAX_COST,
      maxDocumentBytes: env.COPNET_MAX_DOCUMENT_BYTES,
    },
    introspection: env.COPNET_INTROSPECTION ?? defaultIntrospection(env.NODE_ENV),
    subgraphTimeoutMs: env.COPNET_SUBGRAPH_TIMEOUT_MS,
    allowBatching: env.COPNET_ALLOW_BATCHING === "true",
    coalesceReads: env.COPNET_COALESCE_READS === "true",
    // Pages on this machine may call a development gateway without registering; production answers registered origins only.
    devOrigins: (env.COPNET_DEV_ORIGINS ?? (env.NODE_ENV === "production" ? "" : "http://localhost:*")).split(",").map((origin) => origin.trim()).filter(Boolean),
    erasure: { pollMs: env.COPNET_ERASURE_POLL_MS, backoffMs: env.COPNET_ERASURE_BACKOFF_MS, maxBackoffMs: env.COPNET_ERASURE_MAX_BACKOFF_MS },
    rateLimits: {
      anonymous: env.COPNET_RATE_ANONYMOUS,
      public: env.COPNET_RATE_PUBLIC,
      society: env.COPNET_RATE_SOCIETY,
      researcher: env.COPNET_RATE_RESEARCHER,
      admin: env.COPNET_RATE_ADMIN,
      unknownKey: env.COPNET_RATE_UNKNOWN_KEY,
      maxAddresses: env.COPNET_RATE_MAX_ADDRESSES,
    },
  });
  console.log(`gateway ready at ${server.url}`);
  await untilSignal();
  await server.close();
});
