import type { IncomingMessage, ServerResponse } from "node:http";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import {
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from "@apollo/server/plugin/disabled";
import { ApolloGateway } from "@apollo/gateway";
import { databaseReadiness, openDatabase } from "../lib/database.js";
import { errorReporting, maskError } from "../lib/errors.js";
import { HttpError, listenHttp, sendJson, type RunningServer } from "../lib/http.js";
import { ServiceTokens } from "../lib/identity.js";
import { createLogger, type Logger } from "../lib/log.js";
import { operationalRoutes, requestObserver } from "../lib/observability.js";
import { ApiKeyCache } from "./api-key/api-key-cache.js";
import { authenticate, UnknownApiKey } from "./api-key/api-keys.js";
import type { GatewayContext } from "./context.js";
import { memberAccessRoute } from "./member-access.js";
import { GatewayMetrics } from "./metrics.js";
import { calendarRoutes } from "./downloads/calendar.js";
import { certificateRoute } from "./downloads/certificate.js";
import { statsCsvRoute } from "./downloads/stats-csv.js";
import { explorerRoutes } from "./explorer/explorer.js";
import { gatewayDatabase } from "./database.js";
import { DEFAULT_LIMITS, introspectionGate, queryLimits, type IntrospectionPolicy, type QueryLimits } from "./limits.js";
import { adminApi } from "./registry/admin-api.js";
import { ReadCoalescer, withReadCoalescing } from "./read-coalescing.js";
import { LiveSupergraph, operationRecorder } from "./registry/live-supergraph.js";
import { bootstrapRegistry } from "./registry/registry.js";
import type { SubgraphDefinition } from "./registry/registry.entity.js";
import { SubgraphSource } from "./subgraph-source.js";

export interface GatewayOptions {
  databaseUrl: string;
  port: number;
  host?: string;
  /** The shipped subgraphs, recorded as the registry's first version if the registry is empty. */
  subgraphs: SubgraphDefinition[];
  /** Where some subgraphs listen, by name, overriding the registry's URLs (deployment-specific addresses). */
  subgraphUrls?: Record<string, string>;
  /** How often to look for a newer supergraph in the registry (default 1000 ms). */
  registryPollMs?: number;
  /** Signs service tokens for the subgraphs. */
  tokenSecret: string;
  limits?: QueryLimits;
  /** Default: everyone (development); main.ts picks `nobody` when NODE_ENV=production. */
  introspection?: IntrospectionPolicy;
  /** Deadline of one subgraph fetch; the client then gets partial data and an error naming the service. */
  subgraphTimeoutMs?: number;
  /** Answer identical reads in flight at the same time with one execution (default on; see read-coalescing.ts). */
  coalesceReads?: boolean;
  /** Several operations in one HTTP request (a JSON array); off unless configured. */
  allowBatching?: boolean;
  log?: Logger;
}

/** The gateway: authenticates callers, enforces limits, plans queries over the supergraph and fetches from the subgraphs. */
export async function startGateway(options: GatewayOptions): Promise<RunningServer> {
  const log = options.log ?? createLogger("gateway");
  const orm = await openDatabase({ url: options.databaseUrl, ...gatewayDatabase });
  await bootstrapRegistry(orm.em.fork(), options.subgraphs);
  const metrics = new GatewayMetrics();
  metrics.watchPool(await orm.driver.getConnection().getNativeClient());
  const live = new LiveSupergraph(orm, options.registryPollMs ?? 1000, log, metrics);
  const operations = operationRecorder(orm, log);
  const tokens = new ServiceTokens(options.tokenSecret);
  const subgraphTimeoutMs = options.subgraphTimeoutMs ?? 5000;
  const gateway = new ApolloGateway({
    supergraphSdl: live.hook,
    buildService: ({ name, url }) =>
      new SubgraphSource(name, options.subgraphUrls?.[name] ?? url ?? "", {
        tokens,
        timeoutMs: subgraphTimeoutMs,
        log,
        metrics,
      }),
  });
  const limits = queryLimits(options.limits ?? DEFAULT_LIMITS);
  const apollo = new ApolloServer<GatewayContext>({
    gateway: options.coalesceReads === false ? gateway : withReadCoalescing(gateway, new ReadCoalescer((outcome) => metrics.reads.inc({ outcome }))),
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      ...limits.plugins,
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
  const apiKeys = new ApiKeyCache(options.databaseUrl, log);
  await apiKeys.start();
  const authenticated = (req: IncomingMessage) => authenticate(orm.em.fork(), req.headers.authorization, apiKeys);
  const callerOf = async (req: IncomingMessage) => {
    try {
      return await authenticated(req);
    } catch (error) {
      if (error instanceof UnknownApiKey) throw new HttpError(401, error.message);
      throw error;
    }
  };
  const server = await listenHttp(
    {
      apollo,
      log,
      service: "gateway",
      routes: [
        adminApi({ orm, live, tokenSecret: options.tokenSecret, log, callerOf }),
        memberAccessRoute({ live, tokens, tokenSecret: options.tokenSecret, membersUrl: options.subgraphUrls?.members, timeoutMs: subgraphTimeoutMs }),
        calendarRoutes(apollo),
        explorerRoutes(log),
        certificateRoute(apollo, callerOf),
        statsCsvRoute(apollo, callerOf),
        operationalRoutes({
          metrics,
          ready: async () => ({ ...(await databaseReadiness(orm)), supergraph: live.version > 0 }),
          info: () => ({ supergraphVersion: live.version }),
        }),
      ],
      context: async (req: IncomingMessage, requestId: string) => ({ requestId, caller: await authenticated(req) }),
      onContextError: (error: unknown, res: ServerResponse, requestId: string) =>
        error instanceof UnknownApiKey &&
        sendJson(res, 401, { errors: [{ message: error.message, extensions: { code: "UNAUTHENTICATED", requestId } }] }),
    },
    { port: options.port, host: options.host },
  );
  return {
    ...server,
    async close(deadlineMs?: number) {
      await server.close(deadlineMs);
      await apiKeys.stop();
      live.stop();
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
