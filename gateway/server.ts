import type { IncomingMessage, ServerResponse } from "node:http";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import {
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from "@apollo/server/plugin/disabled";
import { ApolloGateway, type GatewayConfig } from "@apollo/gateway";
import type { DocumentNode, GraphQLSchema } from "graphql";
import { Gauge } from "prom-client";
import { BoundedMap } from "../lib/bounded.js";
import { databaseReadiness, openDatabase } from "../lib/database.js";
import { errorReporting, maskError } from "../lib/errors.js";
import { HttpError, listenHttp, sendJson, type HttpTimeouts, type RunningServer } from "../lib/http.js";
import { ServiceTokens, type Caller } from "../lib/identity.js";
import { createLogger, type Logger } from "../lib/log.js";
import { operationalRoutes, requestObserver, serveMetrics } from "../lib/observability.js";
import { ApiKeyCache } from "./api-key/api-key-cache.js";
import { authenticate, isRememberedKey, UnknownApiKey } from "./api-key/api-keys.js";
import type { GatewayContext } from "./context.js";
import { entityAccessRoute, lookUpMemberAccess } from "./member-access.js";
import { GatewayMetrics } from "./metrics.js";
import { calendarRoutes } from "./downloads/calendar.js";
import { certificateRoute } from "./downloads/certificate.js";
import { statsCsvRoute } from "./downloads/stats-csv.js";
import { pdfRenders, speedPlanRoute } from "./downloads/speed-plan.js";
import { explorerRoutes } from "./explorer/explorer.js";
import { gatewayDatabase } from "./database.js";
import { storableInput } from "./storable-input.js";
import { DEFAULT_LIMITS, DEFAULT_MEMORY_BOUNDS, introspectionGate, queryLimits, type IntrospectionPolicy, type MemoryBounds, type QueryLimits } from "./limits.js";
import { adminApi } from "./registry/admin-api.js";
import { adminConsoleRoutes } from "./admin/console.js";
import { keyActions } from "./admin/keys.js";
import { societyActions, societyNames } from "./admin/societies.js";
import { KeyUsage } from "./api-key/key-usage.js";
import { Heartbeats } from "./status/heartbeats.js";
import { statusActions } from "./status/status.js";
import { partnerWebActions } from "./partner-web/admin.js";
import { PartnerWeb } from "./partner-web/partner-web.js";
import { ReadCoalescer, withReadCoalescing } from "./read-coalescing.js";
import { DEFAULT_RATE_LIMITS, RequestRateLimiter, TrustedProxies, addressOf, type RateLimits } from "./rate-limits.js";
import { LiveSupergraph } from "./registry/live-supergraph.js";
import { PRIVACY_SUBGRAPH } from "./privacy/contract.js";
import { DEFAULT_ERASURE_RETRY, type ErasureRetry } from "./privacy/erasure-jobs.js";
import { MemberDataFanOut } from "./privacy/fan-out.js";
import { memberExportRoute } from "./privacy/member-export.js";
import { privacyService } from "./privacy/privacy-subgraph.js";
import { OperationRecorder } from "./registry/operation-records.js";
import { bootstrapRegistry } from "./registry/registry.js";
import type { SubgraphDefinition } from "./registry/registry.entity.js";
import { SigningKeyRing } from "./signing-key/signing-keys.js";
import { SharedFetches, SubgraphSource } from "./subgraph-source.js";
import { ChangeHub } from "./live/change-hub.js";
import { FeedPuller } from "./live/feed-puller.js";
import { DEFAULT_SUBSCRIPTION_BOUNDS, Subscriptions, type SubscriptionBounds } from "./live/subscriptions.js";
import { DEFAULT_WEBHOOK_SETTINGS, WebhookDispatcher, webhookActions, type WebhookSettings } from "./webhook/webhooks.js";

type QueryPlan = Parameters<NonNullable<NonNullable<GatewayConfig["queryPlannerConfig"]>["cache"]>["set"]>[1];

export interface GatewayOptions {
  databaseUrl: string;
  port: number;
  host?: string;
  /** The shipped subgraphs, recorded as the registry's first version if the registry is empty. */
  subgraphs: SubgraphDefinition[];
  /** Where some subgraphs listen, by name, overriding the registry's URLs (deployment-specific addresses). */
  subgraphUrls?: Record<string, string>;
  /** How often to look for a newer supergraph and for rotated signing keys in the database (default 1000 ms). */
  registryPollMs?: number;
  limits?: QueryLimits;
  /** Capacities of the in-memory maps client input can fill (tests make them small to flood them). */
  memory?: Partial<MemoryBounds>;
  /** Default: everyone (development); main.ts picks `nobody` when NODE_ENV=production. */
  introspection?: IntrospectionPolicy;
  /** Deadline of one subgraph fetch; the client then gets partial data and an error naming the service. */
  subgraphTimeoutMs?: number;
  /** Answer identical reads in flight at the same time with one execution (default on; see read-coalescing.ts). */
  coalesceReads?: boolean;
  /** Several operations in one HTTP request (a JSON array); off unless configured. */
  allowBatching?: boolean;
  /** Requests per second by role and per address (see rate-limits.ts); default DEFAULT_RATE_LIMITS. */
  rateLimits?: Partial<RateLimits>;
  /** Proxies (addresses, CIDR ranges) whose X-Forwarded-For names the client for per-address limits; default none. */
  trustedProxies?: TrustedProxies;
  /** Browser origins answered without registration, `*` for any port (main.ts: `http://localhost:*` unless production). */
  devOrigins?: string[];
  /** How erasure jobs are polled for and retried (privacy/erasure-jobs.ts); default DEFAULT_ERASURE_RETRY. */
  erasure?: Partial<ErasureRetry>;
  /** How long a client may take to send a request (lib/http.ts); default DEFAULT_HTTP_TIMEOUTS. */
  httpTimeouts?: Partial<HttpTimeouts>;
  /** Live updates (gateway/live, gateway/webhook): feed polling, subscription bounds, webhook retries. */
  liveUpdates?: LiveUpdateSettings;
  log?: Logger;
  /** Serve `/metrics` on this port only (not on `port`, which the ingress exposes); unset: on `port`. */
  metricsPort?: number;
  /** Connections of its database pool (default 10); each replica holds its own against max_connections. */
  poolSize?: number;
}

export interface LiveUpdateSettings {
  /** How often a gateway pulls the subgraphs' change feeds (default 250 ms). */
  feedPollMs?: number;
  subscriptions?: Partial<SubscriptionBounds>;
  webhooks?: Partial<WebhookSettings>;
}

/** The gateway: authenticates callers, enforces limits, plans queries over the supergraph and fetches from the subgraphs. */
export async function startGateway(options: GatewayOptions): Promise<RunningServer> {
  const log = options.log ?? createLogger("gateway");
  // No statement_timeout here, unlike the subgraphs: registry writers queue on an advisory lock for as long as publishes take.
  const orm = await openDatabase({ url: options.databaseUrl, ...gatewayDatabase, poolSize: options.poolSize });
  await bootstrapRegistry(orm.em.fork(), options.subgraphs);
  const metrics = new GatewayMetrics();
  metrics.watchPool(await orm.driver.getConnection().getNativeClient());
  const live = new LiveSupergraph(orm, options.registryPollMs ?? 1000, log, metrics);
  const limitsConfig = options.limits ?? DEFAULT_LIMITS;
  const memory = { ...DEFAULT_MEMORY_BOUNDS, ...options.memory };
  const operations = new OperationRecorder(orm, log, { maxDocumentBytes: limitsConfig.maxDocumentBytes, maxPending: memory.operationRecords, maxDocuments: memory.documents });
  const signingKeys = new SigningKeyRing(orm, options.registryPollMs ?? 1000, log);
  await signingKeys.start();
  const tokens = new ServiceTokens(signingKeys.signingKey);
  const web = new PartnerWeb(orm, options.registryPollMs ?? 1000, log, options.devOrigins);
  await web.start();
  const sharedFetches = new SharedFetches(memory.subgraphFetchesInFlight);
  // Parsed documents keep their source text (for error locations): it is weighed with them.
  const documents = new BoundedMap<string, DocumentNode>("documents", { capacity: memory.documents, weigh: (document) => document.loc?.end ?? 0, maxWeight: memory.documents * 4096 });
  const queryPlans = new BoundedMap<string, QueryPlan>("query_plans", { capacity: memory.queryPlans, weigh: (plan) => JSON.stringify(plan).length, maxWeight: 30 * 1024 * 1024 });
  const persistedQueries = new BoundedMap<string, string>("persisted_queries", { capacity: memory.persistedQueries, weigh: (query) => query.length, maxWeight: memory.persistedQueries * 4096 });
  const coalescer = new ReadCoalescer((outcome) => metrics.reads.inc({ outcome }), memory.readsInFlight);
  const subgraphTimeoutMs = options.subgraphTimeoutMs ?? 5000;
  const privacyTimeoutMs = options.erasure?.timeoutMs ?? subgraphTimeoutMs;
  const fanOut = new MemberDataFanOut({ subgraphs: () => live.subgraphs, subgraphUrls: options.subgraphUrls, tokens, timeoutMs: privacyTimeoutMs });
  // A job's lease outlasts the call's deadline, so no other gateway claims it while this one waits for an answer.
  const entityLookup = { live, tokens, subgraphUrls: options.subgraphUrls, timeoutMs: subgraphTimeoutMs };
  const privacy = privacyService({ orm, fanOut, memberAccess: (caller, ids) => lookUpMemberAccess(entityLookup, caller, ids), retry: { ...DEFAULT_ERASURE_RETRY, ...options.erasure }, leaseMs: privacyTimeoutMs + 5000, log });
  const gateway = new ApolloGateway({
    supergraphSdl: live.hook,
    queryPlannerConfig: { cache: queryPlans.asKeyValueCache() },
    buildService: ({ name, url }) =>
      name === PRIVACY_SUBGRAPH ? privacy.source : new SubgraphSource(name, options.subgraphUrls?.[name] ?? url ?? "", {
        tokens,
        timeoutMs: subgraphTimeoutMs,
        log,
        metrics,
        sharedFetches,
      }),
  });
  const limits = queryLimits(limitsConfig, gateway);
  // Subscriptions are validated against the client-facing schema of the supergraph being served.
  let apiSchema: GraphQLSchema | null = null;
  gateway.onSchemaLoadOrUpdate(({ apiSchema: schema }) => {
    apiSchema = schema;
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway: options.coalesceReads === false ? gateway : withReadCoalescing(gateway, coalescer),
    documentStore: documents.asKeyValueCache(),
    persistedQueries: { cache: persistedQueries.asKeyValueCache() },
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      ...limits.plugins,
      web.readOnly(),
      storableInput(),
      introspectionGate(options.introspection ?? "everyone"),
      withoutValueCompletionNotes(),
      live.versionHeader(),
      operations.plugin,
      errorReporting(log),
      requestObserver(log, metrics),
    ],
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    // The introspection gate above decides per caller; Apollo's own switch would refuse everyone alike.
    introspection: true,
    allowBatchedHttpRequests: options.allowBatching ?? false,
    // Apollo's default: a request must be JSON or carry a preflight header, so a browser form cannot post it.
    csrfPrevention: true,
    formatError: maskError,
    includeStacktraceInErrorResponses: false,
  });
  await apollo.start();
  const apiKeys = new ApiKeyCache(options.databaseUrl, log, memory.apiKeys);
  await apiKeys.start();
  const keyUsage = new KeyUsage(orm, log, memory.apiKeys);
  const speedPlanRenders = pdfRenders();
  metrics.watchBounds(speedPlanRenders, signingKeys.ownTokens.verified, documents, queryPlans, persistedQueries, coalescer.reads, sharedFetches, apiKeys.callers, keyUsage.written, tokens.cache, ...operations.bounds);
  // Once per request: the rate limiter needs the caller first, and the context reuses the outcome.
  const authentications = new WeakMap<IncomingMessage, ReturnType<typeof authenticate>>();
  const authenticated = (req: IncomingMessage) => {
    let outcome = authentications.get(req);
    if (!outcome) {
      outcome = authenticate(orm.em.fork(), req.headers.authorization, apiKeys).then((caller) => {
        web.admitOrigin(req, caller);
        return caller;
      });
      outcome.then((caller) => caller.keyId && keyUsage.used(caller.keyId), () => undefined);
      authentications.set(req, outcome);
    }
    return outcome;
  };
  // One notion of "the client's address" for every per-address limit, so none of them sees only the ingress.
  const trustedProxies = options.trustedProxies ?? TrustedProxies.NONE;
  const clientAddress = (req: IncomingMessage) => addressOf(req, trustedProxies);
  const rateLimiter = new RequestRateLimiter({ ...DEFAULT_RATE_LIMITS, ...options.rateLimits }, clientAddress);
  rateLimiter.watch(metrics.registry);
  const callerOf = async (req: IncomingMessage) => {
    try {
      return await authenticated(req);
    } catch (error) {
      if (error instanceof UnknownApiKey) throw new HttpError(401, error.message);
      throw error;
    }
  };
  const names = (res: ServerResponse, caller: Caller) => societyNames(apollo, res, caller);
  const metricsEndpoint = await serveMetrics(metrics, { port: options.metricsPort, host: options.host });
  const hub = new ChangeHub(orm, options.databaseUrl, 1000, log);
  await hub.start();
  const puller = new FeedPuller(orm, { tokens, subgraphUrls: options.subgraphUrls, pollMs: options.liveUpdates?.feedPollMs ?? 250, log });
  puller.start();
  const subscriptions = new Subscriptions({
    apollo,
    hub,
    schema: () => apiSchema,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    maxDocumentBytes: limitsConfig.maxDocumentBytes,
    contextOf: async (req, requestId) => web.context(requestId, await callerOf(req)),
    bounds: { ...DEFAULT_SUBSCRIPTION_BOUNDS, ...options.liveUpdates?.subscriptions },
    clientAddress,
    log,
  });
  new Gauge({ name: "copnet_subscriptions", help: "Subscriptions open on this gateway", registers: [metrics.registry], collect() { this.set(subscriptions.count); } });
  const webhooks = new WebhookDispatcher(orm, { ...DEFAULT_WEBHOOK_SETTINGS, ...options.liveUpdates?.webhooks }, log);
  webhooks.start();
  const server = await listenHttp(
    {
      apollo,
      log,
      service: "gateway",
      maxDocumentBytes: limitsConfig.maxDocumentBytes,
      timeouts: options.httpTimeouts,
      admit: async (req, res, url) => {
        // CORS headers first, so a browser can read even a refusal (429, 401, 403) and show why.
        web.cors(req, res, url);
        await rateLimiter.admit(req, res, url, authenticated, (req) => isRememberedKey(req.headers.authorization, apiKeys));
      },
      prepare: (method, body, context) => web.resolve(method, body, context),
      routes: [
        web.preflights(),
        subscriptions.route(),
        signingKeys.route(),
        // Before the admin API, which answers every other path under /admin/.
        adminConsoleRoutes(log),
        adminApi({
          orm,
          live,
          tokens,
          log,
          callerOf,
          societyNames: names,
          more: {
            ...societyActions(apollo),
            ...keyActions(orm, apollo),
            ...partnerWebActions({ orm, web, apollo, maxDocumentBytes: limitsConfig.maxDocumentBytes }),
            ...webhookActions(orm),
            ...statusActions({ orm, live, tokens, metrics, subgraphUrls: options.subgraphUrls ?? {}, societyNames: names }),
          },
        }),
        entityAccessRoute({ ...entityLookup, signingKeys }),
        calendarRoutes(apollo),
        explorerRoutes(log),
        certificateRoute(apollo, callerOf),
        memberExportRoute(apollo, callerOf),
        statsCsvRoute(apollo, callerOf),
        speedPlanRoute(apollo, callerOf, speedPlanRenders),
        operationalRoutes({
          metrics: metricsEndpoint.onMainPort,
          ready: async () => ({ ...(await databaseReadiness(orm)), supergraph: live.version > 0 }),
          info: () => ({ supergraphVersion: live.version }),
        }),
      ],
      context: async (req: IncomingMessage, requestId: string) => web.context(requestId, await authenticated(req)),
      onContextError: (error: unknown, res: ServerResponse, requestId: string) =>
        error instanceof UnknownApiKey &&
        sendJson(res, 401, { errors: [{ message: error.message, extensions: { code: "UNAUTHENTICATED", requestId } }] }),
    },
    { port: options.port, host: options.host },
  );
  const heartbeats = new Heartbeats(orm, server.url, () => live.version, log);
  await heartbeats.start();
  privacy.jobs.start();
  return {
    ...server,
    async close(deadlineMs?: number) {
      // Open streams would hold the close until its deadline; their clients resume elsewhere with Last-Event-ID.
      subscriptions.closeAll();
      await server.close(deadlineMs);
      await puller.stop();
      await webhooks.stop();
      await hub.stop();
      await heartbeats.stop();
      metrics.recent.stop();
      await metricsEndpoint.close();
      await privacy.jobs.stop();
      await apiKeys.stop();
      live.stop();
      web.stop();
      signingKeys.stop();
      await operations.stop();
      await orm.close();
    },
  };
}

/**
 * A member the caller may not see resolves to null in the members subgraph, and the gateway nulls the
 * (nullable) field pointing at it — as designed. @apollo/gateway also reports each such null under
 * `extensions.valueCompletion` ("Cannot return null for non-nullable field Member.displayName"), which
 * reads like a fault to a partner frontend; it is dropped here.
 */
function withoutValueCompletionNotes(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== "single" || !response.body.singleResult.extensions) return;
          const { valueCompletion: _notes, ...extensions } = response.body.singleResult.extensions;
          response.body.singleResult.extensions = Object.keys(extensions).length > 0 ? extensions : undefined;
        },
      };
    },
  };
}
