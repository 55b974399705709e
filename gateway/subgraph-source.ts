import type { IncomingHttpHeaders } from "node:http";
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { GraphQLError } from "graphql";
import { keptAliveAgents, post, type PostAnswer } from "../lib/http-post.js";
import { ANONYMOUS, type ServiceTokens } from "../lib/identity.js";
import { InFlight } from "../lib/in-flight.js";
import type { Logger } from "../lib/log.js";
import { injectTrace } from "../lib/tracing.js";
import type { GatewayContext } from "./context.js";
import type { GatewayMetrics } from "./metrics.js";

type Fetcher = NonNullable<NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>["fetcher"]>;
type FetcherResponse = Parameters<RemoteGraphQLDataSource["errorFromResponse"]>[0];
type FetcherRequestInit = NonNullable<Parameters<Fetcher>[1]>;
/** One subgraph call: the request as RemoteGraphQLDataSource makes it, the answer read in full. */
type Call = (url: string, init: FetcherRequestInit) => Promise<PostAnswer>;

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
    super({ url, fetcher: timed(subgraph, options.metrics, answered(deduplicated(options.sharedFetches, withDeadline(options.timeoutMs)))) });
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
 * Each sharer gets its own Response over the shared text (see `answered`), so no parsed object is shared.
 * Writes are never shared.
 */
function deduplicated(fetches: SharedFetches, call: Call): Call {
  return (url, init) => {
    const body = typeof init.body === "string" ? init.body : "";
    if (!READ.test(body)) return call(url, init);
    return fetches.share(`${url}\u0000${init.headers?.authorization}\u0000${body}`, () => call(url, init)).result;
  };
}

/** Subgraph reads in flight, shared by every subgraph's source (the key names the URL). */
export class SharedFetches extends InFlight<PostAnswer> {
  constructor(capacity?: number) {
    super("subgraph_fetches", capacity);
  }
}

/** A subgraph request body carrying a query (the gateway writes `query` first; writes start with `mutation`). */
const READ = /^\{"query":"(query\b|\{)/;

/** Kept-alive connections to the subgraphs, shared by every subgraph's source. */
const agents = keptAliveAgents();

/** A POST to the subgraph with a deadline on every call (failing with a TimeoutError when it passes). */
function withDeadline(timeoutMs: number): Call {
  let target: URL | undefined; // always the source's own URL: parsed once
  return (url, init) => {
    const body = String(init.body ?? "");
    return post((target ??= new URL(url)), { agents, headers: init.headers ?? {}, body, signal: AbortSignal.timeout(timeoutMs), idempotent: READ.test(body) });
  };
}

/**
 * Each caller gets its own Response-like view of the answer, as RemoteGraphQLDataSource reads it; sharers
 * of one fetch share only the body text, and each parses its own.
 */
function answered(call: Call): Fetcher {
  return (async (url: string, init: FetcherRequestInit) => new SubgraphResponse(url, await call(url, init))) as unknown as Fetcher;
}

/** The parts of a fetch Response that RemoteGraphQLDataSource reads, over an answer already read in full. */
class SubgraphResponse {
  readonly bodyUsed = false;
  readonly redirected = false;
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  readonly headers: AnswerHeaders;

  constructor(
    readonly url: string,
    private readonly answer: PostAnswer,
  ) {
    this.ok = answer.status >= 200 && answer.status < 300;
    this.status = answer.status;
    this.statusText = answer.statusText;
    this.headers = new AnswerHeaders(answer.headers);
  }

  async text(): Promise<string> {
    return this.answer.body;
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.answer.body);
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    return new TextEncoder().encode(this.answer.body).buffer as ArrayBuffer;
  }

  clone(): SubgraphResponse {
    return new SubgraphResponse(this.url, this.answer);
  }
}

/** node:http's header record read through the fetch Headers methods; like a Response's headers, not writable. */
class AnswerHeaders {
  constructor(private readonly record: IncomingHttpHeaders) {}

  get(name: string): string | null {
    const value = this.record[name.toLowerCase()];
    return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
  }

  has(name: string): boolean {
    return this.record[name.toLowerCase()] !== undefined;
  }

  *entries(): IterableIterator<[string, string]> {
    for (const name of Object.keys(this.record)) yield [name, this.get(name)!];
  }

  *keys(): IterableIterator<string> {
    yield* Object.keys(this.record);
  }

  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  append(): never {
    throw new TypeError("immutable");
  }

  set(): never {
    throw new TypeError("immutable");
  }

  delete(): never {
    throw new TypeError("immutable");
  }
}
