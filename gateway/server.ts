import type { IncomingMessage, ServerResponse } from "node:http";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import {
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from "@apollo/server/plugin/disabled";
import { ApolloGateway } from "@apollo/gateway";
import { openDatabase } from "../lib/database.js";
import { errorReporting, maskError } from "../lib/errors.js";
import { listenHttp, sendJson, type RunningServer } from "../lib/http.js";
import { createLogger, type Logger } from "../lib/log.js";
import { authenticate, UnknownApiKey } from "./api-key/api-keys.js";
import type { GatewayContext } from "./context.js";
import { gatewayDatabase } from "./database.js";
import { DEFAULT_LIMITS, introspectionGate, queryLimits, type IntrospectionPolicy, type QueryLimits } from "./limits.js";
import { SubgraphSource } from "./subgraph-source.js";

export interface GatewayOptions {
  databaseUrl: string;
  port: number;
  host?: string;
  /** Composed supergraph SDL (schema/supergraph.graphql). */
  supergraphSdl: string;
  /** Where each subgraph listens, by name; overrides the URLs recorded in the supergraph. */
  subgraphUrls: Record<string, string>;
  /** Signs service tokens for the subgraphs. */
  tokenSecret: string;
  limits?: QueryLimits;
  /** Default: everyone (development); main.ts picks `nobody` when NODE_ENV=production. */
  introspection?: IntrospectionPolicy;
  /** Deadline of one subgraph fetch; the client then gets partial data and an error naming the service. */
  subgraphTimeoutMs?: number;
  /** Several operations in one HTTP request (a JSON array); off unless configured. */
  allowBatching?: boolean;
  log?: Logger;
}

/** The gateway: authenticates callers, enforces limits, plans queries over the supergraph and fetches from the subgraphs. */
export async function startGateway(options: GatewayOptions): Promise<RunningServer> {
  const log = options.log ?? createLogger("gateway");
  const orm = await openDatabase({ url: options.databaseUrl, ...gatewayDatabase });
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) =>
      new SubgraphSource(name, options.subgraphUrls[name] ?? url ?? "", {
        secret: options.tokenSecret,
        timeoutMs: options.subgraphTimeoutMs ?? 5000,
        log,
      }),
  });
  const limits = queryLimits(options.limits ?? DEFAULT_LIMITS);
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      ...limits.plugins,
      introspectionGate(options.introspection ?? "everyone"),
      withoutValueCompletionNotes(),
      errorReporting(log),
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
  const server = await listenHttp(
    {
      apollo,
      log,
      context: async (req: IncomingMessage, requestId: string) => ({
        requestId,
        caller: await authenticate(orm.em.fork(), req.headers.authorization),
      }),
      onContextError: (error: unknown, res: ServerResponse, requestId: string) =>
        error instanceof UnknownApiKey &&
        sendJson(res, 401, { errors: [{ message: error.message, extensions: { code: "UNAUTHENTICATED", requestId } }] }),
    },
    { port: options.port, host: options.host },
  );
  return {
    ...server,
    async close() {
      await server.close();
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
