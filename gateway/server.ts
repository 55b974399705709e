import type { IncomingMessage, ServerResponse } from "node:http";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled, ApolloServerPluginUsageReportingDisabled, ApolloServerPluginSchemaReportingDisabled } from "@apollo/server/plugin/disabled";
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { openDatabase } from "../lib/database.js";
import { maskError } from "../lib/errors.js";
import { listenHttp, sendJson, type RunningServer } from "../lib/http.js";
import { signServiceToken, type Caller } from "../lib/identity.js";
import { authenticate, UnknownApiKey } from "./api-key/api-keys.js";
import { gatewayDatabase } from "./database.js";

export interface GatewayContext {
  caller: Caller;
}

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
}

/** Forwards the authenticated caller to a subgraph as a short-lived token whose audience is that subgraph. */
class SignedDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly subgraph: string,
    url: string,
    private readonly secret: string,
  ) {
    super({ url });
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const caller = "caller" in context && context.caller ? context.caller : { role: "anonymous" as const, societyId: null };
    request.http?.headers.set("authorization", `Bearer ${await signServiceToken(caller, this.subgraph, this.secret)}`);
  }
}

/** The gateway: authenticates callers, plans queries over the supergraph and fetches from the subgraphs. */
export async function startGateway(options: GatewayOptions): Promise<RunningServer> {
  const orm = await openDatabase({ url: options.databaseUrl, ...gatewayDatabase });
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) => new SignedDataSource(name, options.subgraphUrls[name] ?? url ?? "", options.tokenSecret),
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
    ],
    formatError: (formatted, error) => maskError(formatted, error),
    includeStacktraceInErrorResponses: false,
  });
  await apollo.start();
  const server = await listenHttp(
    {
      apollo,
      context: async (req: IncomingMessage) => ({ caller: await authenticate(orm.em.fork(), req.headers.authorization) }),
      onContextError: (error: unknown, res: ServerResponse) =>
        error instanceof UnknownApiKey &&
        sendJson(res, 401, { errors: [{ message: error.message, extensions: { code: "UNAUTHENTICATED" } }] }),
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
