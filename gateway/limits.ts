import type { ApolloServerPlugin } from "@apollo/server";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import { GraphQLError, Kind, visit, type DocumentNode, type ValidationRule } from "graphql";
import { z } from "zod";
import type { Caller } from "../lib/identity.js";

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
 * Cost grows ×1.5 per level: a page of 100 events with a dozen fields costs about 6,500.
 */
export const DEFAULT_LIMITS: QueryLimits = { maxDepth: 10, maxAliases: 15, maxDirectives: 20, maxTokens: 2000, maxCost: 20000, maxDocumentBytes: 32 * 1024 };

const limit = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

/** The limits as environment variables (documented in README's configuration table). */
export const limitsEnv = {
  COPNET_MAX_DEPTH: limit(DEFAULT_LIMITS.maxDepth),
  COPNET_MAX_ALIASES: limit(DEFAULT_LIMITS.maxAliases),
  COPNET_MAX_DIRECTIVES: limit(DEFAULT_LIMITS.maxDirectives),
  COPNET_MAX_TOKENS: limit(DEFAULT_LIMITS.maxTokens),
  COPNET_MAX_COST: limit(DEFAULT_LIMITS.maxCost),
  COPNET_MAX_DOCUMENT_BYTES: limit(DEFAULT_LIMITS.maxDocumentBytes),
  COPNET_SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
  COPNET_ALLOW_BATCHING: z.enum(["true", "false"]).default("false"),
};

/**
 * graphql-armor's depth, alias, directive and cost limits, and graphql-js's own token limit in the parser.
 * Fragments are expanded when counting (`flattenFragments: false` counts a spread's own level too), so
 * nesting through fragments does not slip past the depth or cost limit. (armor's token plugin answers
 * 500; the parser's limit is a plain GRAPHQL_PARSE_FAILED with 400.)
 */
export function queryLimits(limits: QueryLimits): {
  plugins: ApolloServerPlugin[];
  validationRules: ValidationRule[];
  parseOptions: { maxTokens: number };
} {
  const { plugins, validationRules } = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, flattenFragments: false },
    maxAliases: { n: limits.maxAliases },
    maxDirectives: { n: limits.maxDirectives },
    maxTokens: { enabled: false },
    costLimit: { maxCost: limits.maxCost, flattenFragments: false },
    blockFieldSuggestion: { enabled: true },
  }).protect();
  // graphql-armor types its plugins against Apollo's CommonJS build; they are plain plugin objects either way.
  return { plugins: plugins as unknown as ApolloServerPlugin[], validationRules, parseOptions: { maxTokens: limits.maxTokens } };
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
        async didResolveOperation({ document, contextValue }) {
          if (policy === "everyone" || !introspects(document)) return;
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

function introspects(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    [Kind.FIELD](node) {
      if (node.name.value === "__schema" || node.name.value === "__type") found = true;
    },
  });
  return found;
}
