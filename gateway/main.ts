import "reflect-metadata";
import { readFileSync } from "node:fs";
import { z } from "zod";
import { DEFAULT_PORTS, SUBGRAPH_NAMES, envPort, envPositiveInt, metricsPortEnv, parseEnv, serviceDatabaseUrl } from "../lib/config.js";
import { runMain, untilSignal } from "../lib/main.js";
import { startTracing } from "../lib/tracing.js";
import { defaultIntrospection, introspectionEnv, limitsEnv } from "./limits.js";
import { erasureEnv } from "./privacy/erasure-jobs.js";
import { rateLimitsEnv, trustedProxiesEnv } from "./rate-limits.js";
import { DEFAULT_SUBSCRIPTION_BOUNDS } from "./live/subscriptions.js";
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
    ...trustedProxiesEnv,
    ...erasureEnv,
    COPNET_REGISTRY_POLL_MS: z.coerce.number().int().min(100).default(1000),
    COPNET_COALESCE_READS: z.enum(["true", "false"]).default("true"),
    ...metricsPortEnv,
    COPNET_DEV_ORIGINS: z.string().optional(),
    COPNET_FEED_POLL_MS: z.coerce.number().int().min(20).default(250),
    COPNET_MAX_SUBSCRIPTIONS_PER_KEY: envPositiveInt(DEFAULT_SUBSCRIPTION_BOUNDS.perKey),
    COPNET_SUBSCRIPTION_IDLE_MS: envPositiveInt(DEFAULT_SUBSCRIPTION_BOUNDS.idleMs),
    COPNET_WEBHOOK_CA_FILE: z.string().optional(),
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
    trustedProxies: env.COPNET_TRUSTED_PROXIES,
    rateLimits: {
      anonymous: env.COPNET_RATE_ANONYMOUS,
      public: env.COPNET_RATE_PUBLIC,
      society: env.COPNET_RATE_SOCIETY,
      researcher: env.COPNET_RATE_RESEARCHER,
      admin: env.COPNET_RATE_ADMIN,
      unknownKey: env.COPNET_RATE_UNKNOWN_KEY,
      maxAddresses: env.COPNET_RATE_MAX_ADDRESSES,
    },
    liveUpdates: {
      feedPollMs: env.COPNET_FEED_POLL_MS,
      subscriptions: { perKey: env.COPNET_MAX_SUBSCRIPTIONS_PER_KEY, idleMs: env.COPNET_SUBSCRIPTION_IDLE_MS },
      webhooks: env.COPNET_WEBHOOK_CA_FILE ? { ca: readFileSync(env.COPNET_WEBHOOK_CA_FILE, "utf8") } : {},
    },
  });
  console.log(`gateway ready at ${server.url}`);
  await untilSignal();
  await server.close();
});
