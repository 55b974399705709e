import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { GraphQLError } from "graphql";
import { ANONYMOUS, type ServiceTokens } from "../lib/identity.js";
import { InFlight } from "../lib/in-flight.js";
import type { Logger } from "../lib/log.js";
import { injectTrace } from "../lib/tracing.js";
import type { GatewayContext } from "./context.js";
import type { GatewayMetrics } from "./metrics.js";

type Fetcher = NonNullable<NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>["fetcher"]>;
type FetcherResponse = Parameters<RemoteGraphQLDataSource["errorFromResponse"]>[0];

/**
 * How the gateway calls one subgraph. It sends only what it creates itself — a service token for the
 * caller (audience = this subgraph) and the request id — so no client header reaches a subgraph. Each
 * fetch has a deadline; failures become errors that name the service and never its URL or socket error.
 */
export class SubgraphSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly subgraph: string,
    url: string,
    private readonly options: { tokens: ServiceTokens; timeoutMs: number; log: Logger; metrics: GatewayMetrics; sharedFetches: SharedFetches },
  ) {
    super({ url, fetcher: timed(subgraph, options.metrics, deduplicated(options.sharedFetches, withDeadline(options.timeoutMs))) });
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    // Health checks and schema loading run without a request context; they act as anonymous.
    const caller = "caller" in context && context.caller ? context.caller : ANONYMOUS;
    request.http?.headers.set("authorization", `Bearer ${await this.options.tokens.get(caller, this.subgraph)}`);
    if ("requestId" in context && context.requestId) request.http?.headers.set("x-request-id", context.requestId);
    if (request.http) injectTrace(request.http.headers);
  }

  override async errorFromResponse(response: FetcherResponse): Promise<GraphQLError> {
    // A subgraph refusing the input itself (400, e.g. a variable its scalar rejects) is the client's error, not an outage.
    if (response.status === 400) {
      const body = (await response.json().catch(() => null)) as { errors?: { message?: unknown; extensions?: { code?: unknown } }[] } | null;
      const refusal = body?.errors?.find((error) => error.extensions?.code === "BAD_USER_INPUT" && typeof error.message === "string");
      if (refusal) return new GraphQLError(refusal.message as string, { extensions: { code: "BAD_USER_INPUT", service: this.subgraph } });
    }
    return new GraphQLError(`The ${this.subgraph} service could not answer (HTTP ${response.status})`, {
      extensions: { code: "SUBGRAPH_UNAVAILABLE", service: this.subgraph },
    });
  }

  override didEncounterError(error: Error, _request: unknown, _response: unknown, context?: GatewayContext): never {
    if (error instanceof GraphQLError && error.extensions.service === this.subgraph) {
      this.options.log.warn({ requestId: context?.requestId, service: this.subgraph }, error.message);
      throw error;
    }
    const timedOut = error.name === "TimeoutError" || error.name === "AbortError";
    this.options.log.warn({ requestId: context?.requestId, service: this.subgraph, err: error }, timedOut ? "subgraph timed out" : "subgraph unreachable");
    throw new GraphQLError(
      timedOut
        ? `The ${this.subgraph} service did not answer within ${this.options.timeoutMs} ms`
        : `The ${this.subgraph} service is unavailable`,
      { extensions: { code: timedOut ? "SUBGRAPH_TIMEOUT" : "SUBGRAPH_UNAVAILABLE", service: this.subgraph } },
    );
  }
}

/** Records every subgraph fetch's duration and outcome. */
function timed(service: string, metrics: GatewayMetrics, fetcher: Fetcher): Fetcher {
  return (async (url: string, init: RequestInit) => {
    const stop = metrics.subgraphFetch.startTimer({ service });
    const recent = metrics.recent.latency.startTimer({ service });
    try {
      const response = await fetcher(url, init as never);
      stop({ outcome: response.ok ? "ok" : `http_${response.status}` });
      return response;
    } catch (error) {
      stop({ outcome: error instanceof Error && error.name === "TimeoutError" ? "timeout" : "unreachable" });
      throw error;
    } finally {
      recent();
    }
  }) as unknown as Fetcher;
}

/**
 * Identical subgraph reads in flight at the same time share one HTTP request — the same query, variables
 * and service token (so the same caller's rights), as Hive Gateway's in-flight deduplication and Apollo
 * Router's query deduplication do. Different operations often need the same entities at the same moment.
 * Each sharer gets its own Response over the shared text, so no parsed object is shared. Writes are
 * never shared.
 */
function deduplicated(fetches: SharedFetches, fetcher: Fetcher): Fetcher {
  return (async (url: string, init: RequestInit) => {
    const body = typeof init.body === "string" ? init.body : "";
    if (!READ.test(body)) return fetcher(url, init as never);
    const key = `${url}\u0000${new Headers(init.headers).get("authorization")}\u0000${body}`;
    const { result } = fetches.share(key, async () => {
      const response = (await fetcher(url, init as never)) as unknown as Response;
      return { body: await response.text(), init: { status: response.status, statusText: response.statusText, headers: response.headers } };
    });
    const { body: text, init: responseInit } = await result;
    return new Response(text, responseInit);
  }) as unknown as Fetcher;
}

/** Subgraph reads in flight, shared by every subgraph's source (the key names the URL). */
export class SharedFetches extends InFlight<{ body: string; init: ResponseInit }> {
  constructor(capacity?: number) {
    super("subgraph_fetches", capacity);
  }
}

/** A subgraph request body carrying a query (the gateway writes `query` first; writes start with `mutation`). */
const READ = /^\{"query":"(query\b|\{)/;

/** Node's own fetch (pooled keep-alive connections) with a deadline on every subgraph call. */
function withDeadline(timeoutMs: number): Fetcher {
  return ((url: string, init: RequestInit) => fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) })) as unknown as Fetcher;
}
