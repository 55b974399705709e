import type { IncomingMessage, ServerResponse } from "node:http";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { buildSubgraphSchema, printSubgraphSchema } from "@apollo/subgraph";
import type { EntityClass, MigrationObject } from "@mikro-orm/core";
import type { EntitySchema, MikroORM } from "@mikro-orm/postgresql";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { GraphQLError, Kind, parse, type GraphQLSchema } from "graphql";
import { buildSchemaSync, createResolversMap, type NonEmptyArray } from "type-graphql";
import { DEFAULT_STATEMENT_TIMEOUT_MS } from "./config.js";
import { dataRightsResolver, type MemberData } from "./data-rights.js";
import { databaseReadiness, openDatabase, type EntityManager } from "./database.js";
import { errorReporting, maskError } from "./errors.js";
import { bearerToken, listenHttp, sendJson, type HttpTimeouts, type RequestContext, type RunningServer } from "./http.js";
import { InvalidServiceToken, ServiceTokenVerifier, serviceKeys, type Caller } from "./identity.js";
import { createLogger, type Logger } from "./log.js";
import {
  communityAccessLoader,
  eventAccessLoader,
  isVisibleMember,
  memberAccessLoader,
  memberProfileLoader,
  societyAccessLoader,
  workAccessLoader,
  type CommunityAccessLoader,
  type EventAccessLoader,
  type MemberAccessLoader,
  type MemberProfileLoader,
  type SocietyAccessLoader,
  type WorkAccessLoader,
} from "./member-access.js";
import { Metrics, operationalRoutes, requestObserver, serveMetrics } from "./observability.js";
import type { DemoNetwork } from "../seed/demo-network.js";
import { changeFeedRoute, OutboxEntrySchema, servedByGateway } from "./outbox.js";
import { isUuid } from "./validators.js";

/**
 * Pinned once for every subgraph: @apollo/gateway 2.14 composes federation v2.11–v2.14 links. `@cost` and
 * `@listSize` (demand control, federation v2.9+) carry the weights the gateway's cost limit reads.
 */
const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.11", import: ["@key", "@shareable", "@external", "@requires", "@inaccessible", "@cost", "@listSize"])';

/**
 * What a resolver sees: its own EntityManager fork, fresh DataLoaders, the verified caller, and what the
 * caller may know about members (lib/member-access.ts), looked up once per request.
 */
export interface SubgraphContext<TLoaders> extends RequestContext {
  em: EntityManager;
  loaders: TLoaders;
  caller: Caller;
  /** The token was the registry's (audience `copnet-registry`): only `{ _service { sdl } }` is answered. */
  schemaOnly: boolean;
  memberAccess: MemberAccessLoader;
  /** Community, work and society ids this subgraph stores are claims too (lib/member-access.ts). */
  communityAccess: CommunityAccessLoader;
  workAccess: WorkAccessLoader;
  societyAccess: SocietyAccessLoader;
  eventAccess: EventAccessLoader;
  /** Asked only for the caller's own members, whose profile a write records (lib/member-access.ts). */
  memberProfile: MemberProfileLoader;
}

/** What the gateway sends to `__resolveReference`: one of the entity's keys, plus any @requires fields. */
export interface EntityReference {
  id?: string;
  [field: string]: unknown;
}

/** `__resolveReference` for one entity: null for an unknown key. */
export type ReferenceResolver<TLoaders> = (
  reference: EntityReference,
  context: SubgraphContext<TLoaders>,
) => Promise<object | null> | object | null;

/** The usual reference resolver: a batched load by id; a malformed or unknown id resolves to null. */
export const referenceById =
  <TLoaders>(loader: (loaders: TLoaders) => { load(id: string): Promise<object | null> }): ReferenceResolver<TLoaders> =>
  (reference, { loaders }) =>
    typeof reference.id === "string" && isUuid(reference.id) ? loader(loaders).load(reference.id) : null;

/** Rows of the demo network for one subgraph's database, table by table in insertion order. */
export type SeedSlice = [EntityClass<object>, readonly object[]][];

/** Everything that makes one subgraph; each subgraph's schema.ts exports one of these. */
export interface SubgraphModule<TLoaders> {
  /** The subgraph's name in the registry; also the audience of the service tokens it accepts. */
  name: string;
  resolvers: NonEmptyArray<Function>;
  orphanedTypes?: Function[];
  references: Record<string, ReferenceResolver<TLoaders>>;
  entities: EntitySchema[];
  migrations: MigrationObject[];
  /** Fresh loaders per request; they see only what the caller may see. */
  createLoaders: (em: EntityManager, caller: Caller) => TLoaders;
  /**
   * Its part of the one deterministic demo network (seed/demo-network.ts), so seed/ never imports a
   * subgraph's entities; a subgraph without one starts empty.
   */
  seed?: (network: DemoNetwork) => SeedSlice;
  /**
   * What the subgraph holds about members: required of every subgraph that references `Member`, which then
   * serves the data-rights contract (`_memberData`, `_eraseMemberData`, lib/data-rights.ts).
   */
  memberData?: MemberData;
  /** Work beside the requests (batched writes), started with the database; closed, to finish it, before the database. */
  background?: (orm: MikroORM, log: Logger) => { close(): Promise<void> };
}

const QUERY_DESCRIPTION = "Reads. Anyone may query; what a caller sees depends on their key (anonymous and publishable keys: members who consented to be listed).";
const SUBSCRIPTION_DESCRIPTION = "Live updates, served by the gateway as GraphQL over Server-Sent Events (Accept: text/event-stream); each delivers only what the subscriber may see.";
const MUTATION_DESCRIPTION = "Writes, with a society's secret key; the society comes from the key, never from the input. Anonymous callers and publishable keys may not write.";

/** One contract resolver per module (type-graphql keeps resolver metadata globally, so it is built once). */
const contractResolvers = new WeakMap<object, Function>();

/** type-graphql schema → Federation 2 subgraph schema with the entities' reference resolvers. */
export function buildFederatedSchema<TLoaders>(module: SubgraphModule<TLoaders>): GraphQLSchema {
  let contract = module.memberData && contractResolvers.get(module.memberData);
  if (module.memberData && !contract) contractResolvers.set(module.memberData, (contract = dataRightsResolver(module.memberData, module.entities.includes(OutboxEntrySchema))));
  const schema = buildSchemaSync({
    resolvers: contract ? [...module.resolvers, contract] : module.resolvers,
    orphanedTypes: module.orphanedTypes ?? [],
    skipCheck: true,
    validate: false,
    pubSub: servedByGateway,
  });
  // type-graphql has no decorator for the root types' own descriptions; every subgraph gives the same.
  for (const [root, description] of [[schema.getQueryType(), QUERY_DESCRIPTION], [schema.getMutationType(), MUTATION_DESCRIPTION], [schema.getSubscriptionType(), SUBSCRIPTION_DESCRIPTION]] as const) {
    if (root) root.description = description;
  }
  const resolvers = createResolversMap(schema) as Record<string, Record<string, unknown>>;
  for (const [typeName, resolveReference] of Object.entries(module.references)) {
    resolvers[typeName] = { ...resolvers[typeName], __resolveReference: resolveReference };
  }
  return buildSubgraphSchema([
    { typeDefs: parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}`), resolvers: resolvers as never },
  ]);
}

/** The subgraph's SDL as the gateway sees it through `_service { sdl }`. */
export function printSubgraphSdl<TLoaders>(module: SubgraphModule<TLoaders>): string {
  return printSubgraphSchema(buildFederatedSchema(module));
}

export interface SubgraphServerOptions {
  databaseUrl: string;
  port: number;
  host?: string;
  /**
   * The gateway's base URL: its `/.well-known/jwks.json` has the public keys that service tokens are
   * verified with (and the gateway answers this subgraph's own calls there).
   */
  gatewayUrl: string;
  /** On a closed network: a JWKS file with the gateway's public keys, used instead of fetching them. */
  jwksFile?: string;
  onQuery?: (sql: string) => void;
  log?: Logger;
  /** Default DEFAULT_STATEMENT_TIMEOUT_MS. */
  statementTimeoutMs?: number;
  /** Default DEFAULT_HTTP_TIMEOUTS. */
  httpTimeouts?: Partial<HttpTimeouts>;
  /** Serve `/metrics` on this port only (not on `port`); unset: on `port`. */
  metricsPort?: number;
}

export interface RunningSubgraph extends RunningServer {
  name: string;
  metricsPort: number | null;
}

/**
 * Builds and listens: database, schema, Apollo server with a per-request context. Every request must carry
 * a service token signed by the gateway — `_service` and `_entities` included — or it gets 401.
 */
export async function startSubgraph<TLoaders>(
  module: SubgraphModule<TLoaders>,
  options: SubgraphServerOptions,
): Promise<RunningSubgraph> {
  const orm = await openDatabase({
    url: options.databaseUrl,
    entities: module.entities,
    migrations: module.migrations,
    onQuery: options.onQuery,
    statementTimeoutMs: options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS,
  });
  const log = options.log ?? createLogger(module.name);
  const background = module.background?.(orm, log);
  const keys = serviceKeys(options.jwksFile ? { jwksFile: options.jwksFile } : { gatewayUrl: options.gatewayUrl });
  const serviceTokens = new ServiceTokenVerifier(module.name, keys);
  const metrics = new Metrics(module.name);
  metrics.watchPool(await orm.driver.getConnection().getNativeClient());
  metrics.watchBounds(serviceTokens.verified);
  const apollo = new ApolloServer<SubgraphContext<TLoaders>>({
    schema: buildFederatedSchema(module),
    plugins: [ApolloServerPluginInlineTraceDisabled(), schemaOnlyTokens(), errorReporting(log), requestObserver(log, metrics)],
    formatError: maskError,
    includeStacktraceInErrorResponses: false,
  });
  await apollo.start();
  const metricsEndpoint = await serveMetrics(metrics, { port: options.metricsPort, host: options.host });
  const server = await listenHttp(
    {
      apollo,
      log,
      service: module.name,
      timeouts: options.httpTimeouts,
      routes: [
        operationalRoutes({ metrics: metricsEndpoint.onMainPort, ready: () => databaseReadiness(orm) }),
        // A subgraph that keeps an outbox (lib/outbox.ts) serves it to the gateways as its change feed.
        ...(module.entities.includes(OutboxEntrySchema) ? [changeFeedRoute(module.name, orm, keys)] : []),
      ],
      context: async (req: IncomingMessage, requestId: string) => {
        const token = bearerToken(req.headers.authorization);
        if (!token) throw new InvalidServiceToken("missing bearer token");
        const { caller, schemaOnly } = await serviceTokens.verify(token);
        const em = orm.em.fork();
        return {
          requestId, em, caller, schemaOnly, loaders: module.createLoaders(em, caller),
          memberAccess: memberAccessLoader(options.gatewayUrl, token),
          communityAccess: communityAccessLoader(options.gatewayUrl, token),
          workAccess: workAccessLoader(options.gatewayUrl, token),
          societyAccess: societyAccessLoader(options.gatewayUrl, token),
          eventAccess: eventAccessLoader(options.gatewayUrl, token),
          memberProfile: memberProfileLoader(options.gatewayUrl, token),
        };
      },
      onContextError: (error: unknown, res: ServerResponse, requestId: string) => {
        if (!(error instanceof InvalidServiceToken)) return false;
        log.warn({ requestId, reason: error.message }, "refused a request without a valid service token");
        return sendJson(res, 401, {
          errors: [{ message: "A valid service token from the gateway is required", extensions: { code: "UNAUTHENTICATED", requestId } }],
        });
      },
    },
    { port: options.port, host: options.host },
  );
  return {
    ...server,
    name: module.name,
    metricsPort: metricsEndpoint.port,
    async close(deadlineMs?: number) {
      await server.close(deadlineMs);
      await metricsEndpoint.close();
      await background?.close();
      await orm.close();
    },
  };
}

/** A registry token reads the schema and nothing else: any other operation is refused like a missing token. */
function schemaOnlyTokens<TLoaders>(): ApolloServerPlugin<SubgraphContext<TLoaders>> {
  return {
    async requestDidStart({ contextValue }) {
      if (!contextValue.schemaOnly) return;
      return {
        async didResolveOperation({ operation }) {
          const onlySchema =
            operation?.operation === "query" &&
            operation.selectionSet.selections.every((selection) => selection.kind === Kind.FIELD && ["_service", "__typename"].includes(selection.name.value));
          if (onlySchema) return;
          throw new GraphQLError("A registry token may only ask for the schema (_service)", {
            extensions: { code: "UNAUTHENTICATED", http: { status: 401 } },
          });
        },
      };
    },
  };
}

/**
 * `__resolveReference` for an entity another subgraph owns and this one extends (Member, Society): any
 * well-formed id stands for one with (possibly empty) local data. The reference is passed on whole: it
 * carries the fields a field's @requires asked the gateway for.
 */
export const resolveExtendedEntity = <TLoaders>(): ReferenceResolver<TLoaders> => (reference) =>
  typeof reference.id === "string" && isUuid(reference.id) ? reference : null;

/**
 * The same for Member, but null for a member the caller may not see: nothing a subgraph holds about a hidden
 * member is reachable through another subgraph's relation (consent holds on every path).
 */
export const resolveExtendedMember = <TLoaders>(): ReferenceResolver<TLoaders> => async (reference, context) =>
  typeof reference.id === "string" && isUuid(reference.id) && (await isVisibleMember(context, reference.id)) ? reference : null;
