import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import type { Logger } from "./log.js";
import { isUuid } from "./validators.js";

/** Stable `extensions.code` values clients branch on. */
export type ErrorCode =
  | "BAD_USER_INPUT"
  | "NOT_FOUND"
  | "FORBIDDEN"
  | "UNAUTHENTICATED"
  | "CONFLICT"
  | "INTERNAL_SERVER_ERROR";

export interface FieldProblem {
  field: string;
  message: string;
}

export function badUserInput(problems: FieldProblem[]): GraphQLError {
  const message = problems.map((problem) => `${problem.field}: ${problem.message}`).join("; ");
  return new GraphQLError(`Invalid input — ${message}`, {
    extensions: { code: "BAD_USER_INPUT", field: problems[0]?.field, problems },
  });
}

export function notFound(what: string, id: string): GraphQLError {
  return new GraphQLError(`${what} ${id} does not exist`, { extensions: { code: "NOT_FOUND" } });
}

export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "FORBIDDEN" } });
}

export function conflict(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code: "CONFLICT" } });
}

/** Codes of errors raised on purpose, whose message is written for the client. */
const CLIENT_CODES = new Set<string>([
  "BAD_USER_INPUT",
  "NOT_FOUND",
  "FORBIDDEN",
  "UNAUTHENTICATED",
  "CONFLICT",
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_FOUND",
  "OPERATION_RESOLUTION_FAILURE",
  "INTROSPECTION_DISABLED",
  "COST_LIMIT_EXCEEDED",
  "SUBGRAPH_UNAVAILABLE",
  "SUBGRAPH_TIMEOUT",
  "RATE_LIMITED",
]);

/** Extensions that may carry internals (subgraph URLs and bodies, stack traces) and never reach a client. */
const INTERNAL_EXTENSIONS = new Set(["stacktrace", "exception", "response", "http"]);

export function isClientError(code: unknown): boolean {
  return typeof code === "string" && CLIENT_CODES.has(code);
}

/**
 * Apollo `formatError` for every server: errors raised on purpose (codes above) pass through without
 * internal extensions; anything else — a driver error with SQL, a TypeError, ECONNREFUSED — becomes a
 * generic message. `errorReporting` logs the original and adds the request id.
 */
export function maskError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (isClientError(code)) {
    const extensions = Object.fromEntries(Object.entries(formatted.extensions ?? {}).filter(([key]) => !INTERNAL_EXTENSIONS.has(key)));
    return { ...formatted, extensions };
  }
  return {
    message: "Internal server error",
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: "INTERNAL_SERVER_ERROR" },
  };
}

/**
 * Apollo plugin: logs every unexpected error with the request id (the client sees only a masked message)
 * and puts the request id on every error the client gets, so a support request can be traced in the logs.
 */
export function errorReporting<TContext extends { requestId: string }>(log: Logger): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue, operationName }) {
          for (const error of errors) {
            if (isClientError(error.extensions?.code)) continue;
            log.error({ requestId: contextValue.requestId, operationName, err: error.originalError ?? error }, "internal error");
          }
        },
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== "single" || !response.body.singleResult.errors) return;
          response.body.singleResult.errors = response.body.singleResult.errors.map((error) => ({
            ...error,
            extensions: { ...error.extensions, requestId: contextValue.requestId },
          }));
        },
      };
    },
  };
}

/** Collects field problems while validating an input, then throws them all at once. */
export class InputProblems {
  private readonly problems: FieldProblem[] = [];

  add(field: string, message: string): void {
    this.problems.push({ field, message });
  }

  /** Runs a normaliser on a value; records a problem and returns undefined when it refuses the value. */
  check<T>(field: string, value: string, normalise: (value: string) => T | null, message: string): T | undefined {
    const normalised = normalise(value);
    if (normalised === null) {
      this.add(field, message);
      return undefined;
    }
    return normalised;
  }

  throwIfAny(): void {
    if (this.problems.length > 0) throw badUserInput(this.problems);
  }
}

/** Refuses an id that is not a UUID with BAD_USER_INPUT naming the argument. */
export function assertUuid(field: string, value: string): string {
  if (!isUuid(value)) throw badUserInput([{ field, message: "is not a valid id" }]);
  return value;
}
