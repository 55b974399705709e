import type { ApolloServerPlugin } from "@apollo/server";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import { GraphQLError, Kind, visit, type DocumentNode, type GraphQLSchema, type ValidationRule } from "graphql";
import { z } from "zod";
import { envPositiveInt } from "../lib/config.js";
import type { Caller } from "../lib/identity.js";
import { costModel, operationCost, type CostModel } from "./cost.js";
import { perDocument } from "./per-document.js";

/** Per-operation limits the gateway enforces before planning, so abusive documents never reach a subgraph. */
export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  maxCost: number;
  /**
   * Bytes of a GraphQL document, counted before it is parsed: comments and whitespace are not tokens, so
   * without this a document padded with them passes the token limit at any size.
   */
  maxDocumentBytes: number;
}

/**
 * Generous for partner frontends and the explorer's example operations (depth ≤ 7, a few hundred tokens).
 * Cost in Apollo's demand-control units (see cost.ts): a member's detail page costs about 100, a directory
 * page of 20 about 500, a page of 100 members with most of what a member page shows about 10,400; eleven
 * mentor rankings fit under the limit.
 */
export const DEFAULT_LIMITS: QueryLimits = { maxDepth: 10, maxAliases: 15, maxDirectives: 20, maxTokens: 2000, maxCost: 12000, maxDocumentBytes: 32 * 1024 };

/** The limits as environment variables (documented in README's configuration table). */
export const limitsEnv = {
  COPNET_MAX_DEPTH: envPositiveInt(DEFAULT_LIMITS.maxDepth),
  COPNET_MAX_ALIASES: envPositiveInt(DEFAULT_LIMITS.maxAliases),
  COPNET_MAX_DIRECTIVES: envPositiveInt(DEFAULT_LIMITS.maxDirectives),
  COPNET_MAX_TOKENS: envPositiveInt(DEFAULT_LIMITS.maxTokens),
  COPNET_MAX_COST: envPositiveInt(DEFAULT_LIMITS.maxCost),
  COPNET_MAX_DOCUMENT_BYTES: envPositiveInt(DEFAULT_LIMITS.maxDocumentBytes),
  COPNET_SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
  COPNET_ALLOW_BATCHING: z.enum(["true", "false"]).default("false"),
};

/** What the cost limit needs of the gateway: every supergraph it loads, hot swaps included. */
export interface SupergraphSource {
  onSchemaLoadOrUpdate(listener: (loaded: { apiSchema: GraphQLSchema; coreSupergraphSdl: string }) => void): unknown;
}

/**
 * graphql-armor's depth, alias and directive limits, graphql-js's own token limit in the parser, and the
 * demand-control cost limit below. Fragments are expanded when counting (`flattenFragments: false` counts a
 * spread's own level too), so nesting through fragments does not slip past the depth limit. (armor's token
 * plugin answers 500; the parser's limit is a plain GRAPHQL_PARSE_FAILED with 400.)
 */
export function queryLimits(limits: QueryLimits, supergraphs: SupergraphSource): {
  plugins: ApolloServerPlugin[];
  validationRules: ValidationRule[];
  parseOptions: { maxTokens: number };
} {
  const { plugins, validationRules } = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, flattenFragments: false },
    maxAliases: { n: limits.maxAliases },
    maxDirectives: { n: limits.maxDirectives },
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: true },
  }).protect();
  // graphql-armor types its plugins against Apollo's CommonJS build; they are plain plugin objects either way.
  const armor = plugins as unknown as ApolloServerPlugin[];
  return { plugins: [...armor, costLimit(limits.maxCost, supergraphs)], validationRules, parseOptions: { maxTokens: limits.maxTokens } };
}

/**
 * Refuses an operation whose demand-control cost exceeds the limit, before it is planned. The weights come
 * from the supergraph the operation was validated against (each API schema Apollo receives is paired with
 * its supergraph's weights). It runs once the operation is resolved rather than as a static validation
 * rule: Apollo Server caches validation per document, and list sizes usually come from variables
 * (`members(first: $first)`), which Apollo's algorithm reads.
 */
function costLimit(maxCost: number, supergraphs: SupergraphSource): ApolloServerPlugin {
  const models = new WeakMap<GraphQLSchema, CostModel>();
  supergraphs.onSchemaLoadOrUpdate(({ apiSchema, coreSupergraphSdl }) => models.set(apiSchema, costModel(coreSupergraphSdl)));
  const unweighted: CostModel = { weights: new Map(), listSizes: new Map() };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const cost = operationCost(schema, models.get(schema) ?? unweighted, document, operation, request.variables ?? {});
          if (cost <= maxCost) return;
          throw new GraphQLError(`Operation cost ${cost} exceeds the limit of ${maxCost}; ask for fewer or smaller lists, rankings or counts`, {
            extensions: { code: "COST_LIMIT_EXCEEDED", cost, maxCost, http: { status: 400 } },
          });
        },
      };
    },
  };
}

/**
 * Entries of the gateway's in-memory maps keyed by what clients send; each is reported on /metrics as
 * copnet_bounded_entries / copnet_bounded_capacity. Apollo's own defaults bound the document and plan
 * caches by an estimate of 30 MiB that leaves out the document text a parsed document keeps; these count
 * entries and that text.
 */
export interface MemoryBounds {
  /** Parsed and validated documents (Apollo Server's document store), by document hash; as many normalised ones for the registry. */
  documents: number;
  /** Query plans (@apollo/gateway), by document and operation. */
  queryPlans: number;
  /** Automatic persisted queries registered by clients (Apollo Server's APQ cache). */
  persistedQueries: number;
  /** Identical reads in flight sharing one execution; more run unshared. */
  readsInFlight: number;
  /** Identical subgraph fetches in flight sharing one request; more run unshared. */
  subgraphFetchesInFlight: number;
  /** API keys remembered after a database lookup. */
  apiKeys: number;
  /** Distinct normalised operations waiting to be written to the registry (every few seconds). */
  operationRecords: number;
}

export const DEFAULT_MEMORY_BOUNDS: MemoryBounds = {
  documents: 1000,
  queryPlans: 1000,
  persistedQueries: 1000,
  readsInFlight: 1000,
  subgraphFetchesInFlight: 1000,
  apiKeys: 10_000,
  operationRecords: 500,
};

/** Who may introspect the schema: everyone (development), researchers and admins, or nobody. */
export type IntrospectionPolicy = "everyone" | "researchers" | "nobody";

export const introspectionEnv = {
  COPNET_INTROSPECTION: z.enum(["everyone", "researchers", "nobody"]).optional(),
};

/** Production keeps the schema to itself unless researchers are let in explicitly. */
export function defaultIntrospection(nodeEnv: string | undefined): IntrospectionPolicy {
  return nodeEnv === "production" ? "nobody" : "everyone";
}

/** Refuses `__schema`/`__type` to callers the policy leaves out (Apollo's own switch cannot tell callers apart). */
export function introspectionGate<TContext extends { caller: Caller }>(policy: IntrospectionPolicy): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, contextValue }) {
          if (policy === "everyone" || !introspects(schema, document)) return;
          const role = contextValue.caller.role;
          if (policy === "researchers" && (role === "researcher" || role === "admin")) return;
          throw new GraphQLError(
            policy === "researchers" ? "Introspection is open to researcher keys only" : "Introspection is disabled on this gateway",
            { extensions: { code: "INTROSPECTION_DISABLED", http: { status: 403 } } },
          );
        },
      };
    },
  };
}

const introspects = perDocument((_schema: GraphQLSchema, document: DocumentNode): boolean => {
  let found = false;
  visit(document, {
    [Kind.FIELD](node) {
      if (node.name.value === "__schema" || node.name.value === "__type") found = true;
    },
  });
  return found;
});
