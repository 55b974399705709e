import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { HeaderMap, type ApolloServer, type BaseContext } from "@apollo/server";
import type { Logger } from "./log.js";
import { traceRequest } from "./tracing.js";

/** A plain HTTP route beside GraphQL (health checks, calendar feeds); returns false when it does not match. */
export type Route = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean> | boolean;

/** Every request's context starts with its id: sent back in `x-request-id`, logged, and on every error. */
export interface RequestContext extends BaseContext {
  requestId: string;
}

export interface HttpServerOptions<TContext extends RequestContext> {
  apollo: ApolloServer<TContext>;
  context: (req: IncomingMessage, requestId: string) => Promise<TContext>;
  log: Logger;
  /** Names the server in traces. */
  service: string;
  routes?: Route[];
  /** Largest request body accepted; larger ones get 413 before any parsing. */
  maxBodyBytes?: number;
  /** Largest GraphQL document (`query`, in bytes, comments and whitespace included); larger ones get 413 before parsing. */
  maxDocumentBytes?: number;
  /** Responses for failures outside GraphQL (context creation refused the caller, for instance). */
  onContextError?: (error: unknown, res: ServerResponse, requestId: string) => boolean;
  /** Runs before every route and GraphQL; throws an HttpError to refuse the request (the gateway's rate limits). */
  admit?: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;
  /** Rewrites a GraphQL request's body once its context is known (the gateway's trusted documents). */
  prepare?: (method: string, body: unknown, context: TContext) => unknown;
  timeouts?: Partial<HttpTimeouts>;
}

/**
 * How long a client may take, so a slow one cannot hold a socket: Node's defaults wait 300 s for a body.
 * `requestMs` bounds receiving the whole request (headers and body), not the response. `idleMs` cuts a
 * socket on which nothing moves in either direction; a route that streams for longer (server-sent events,
 * subscriptions) must opt out for its own socket with `res.socket?.setTimeout(0)`.
 */
export interface HttpTimeouts {
  headersMs: number;
  requestMs: number;
  keepAliveMs: number;
  idleMs: number;
}

export const DEFAULT_HTTP_TIMEOUTS: HttpTimeouts = { headersMs: 10_000, requestMs: 30_000, keepAliveMs: 5_000, idleMs: 60_000 };

export interface RunningServer {
  url: string;
  port: number;
  close(deadlineMs?: number): Promise<void>;
}

/** How long a stopping server lets requests in flight finish (SIGTERM, then this, then the connections are cut). */
export const SHUTDOWN_DEADLINE_MS = 10_000;

const GRAPHQL_PATH = "/graphql";

/** `extensions.code` of failures answered outside GraphQL, by HTTP status. */
const STATUS_CODES: Record<number, string> = {
  401: "UNAUTHENTICATED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  413: "PAYLOAD_TOO_LARGE",
  429: "RATE_LIMITED",
  500: "INTERNAL_SERVER_ERROR",
};

/** A failure with its HTTP status, answered as `{ errors: [{ message, extensions: { code } }] }`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** `extensions.code` when the status alone does not say it (PERSISTED_QUERY_NOT_FOUND). */
    readonly code?: string,
  ) {
    super(message);
  }
}

/**
 * Serves an ApolloServer (already started) on node:http — the transport Apollo's standalone server uses,
 * plus a body-size limit, extra routes and a clean close. Port 0 picks a free port; `url` reports it.
 */
export async function listenHttp<TContext extends RequestContext>(
  options: HttpServerOptions<TContext>,
  listen: { port: number; host?: string },
): Promise<RunningServer> {
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const timeouts = { ...DEFAULT_HTTP_TIMEOUTS, ...options.timeouts };
  const server = http.createServer({
    headersTimeout: timeouts.headersMs,
    requestTimeout: timeouts.requestMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    // Node looks for overdue requests only this often (default 30 s), which would stretch both timeouts above.
    connectionsCheckingInterval: Math.min(1000, timeouts.headersMs, timeouts.requestMs),
  }, (req, res) => {
    const requestId = requestIdOf(req);
    res.setHeader("x-request-id", requestId);
    traceRequest(options.service, req, res, () => handle(req, res, requestId)).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      if (status === 500) options.log.error({ requestId, err: error }, "request failed");
      if (!res.headersSent) {
        const message = error instanceof HttpError ? error.message : "Internal server error";
        const code = (error instanceof HttpError && error.code) || (STATUS_CODES[status] ?? "BAD_REQUEST");
        sendJson(res, status, { errors: [{ message, extensions: { code, requestId } }] });
      } else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    await options.admit?.(req, res, url);
    for (const route of options.routes ?? []) if (await route(req, res, url)) return;
    if (url.pathname !== GRAPHQL_PATH) throw new HttpError(404, "Not found");

    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
    }
    const method = req.method?.toUpperCase() ?? "GET";
    const sent = method === "POST" ? await readJsonBody(req, maxBodyBytes) : undefined;
    if (options.maxDocumentBytes !== undefined) refuseLargeDocuments(sent ?? { query: url.searchParams.get("query") }, options.maxDocumentBytes);
    let context: TContext;
    try {
      context = await options.context(req, requestId);
    } catch (error) {
      if (options.onContextError?.(error, res, requestId)) return;
      throw error;
    }
    const body = options.prepare ? options.prepare(method, sent, context) : sent;
    const response = await options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method, headers, search: url.search, body },
      context: async () => context,
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === "complete") {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(listen.port, listen.host ?? "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://${listen.host && listen.host !== "0.0.0.0" ? listen.host : "127.0.0.1"}:${port}${GRAPHQL_PATH}`,
    /**
     * Graceful stop: no new connections, idle keep-alive connections closed, requests in flight allowed to
     * finish until the deadline, then whatever is left is cut.
     */
    async close(deadlineMs = SHUTDOWN_DEADLINE_MS) {
      await new Promise<void>((resolve) => {
        const deadline = setTimeout(() => server.closeAllConnections(), deadlineMs);
        server.close(() => {
          clearTimeout(deadline);
          resolve();
        });
        server.closeIdleConnections();
      });
      await options.apollo.stop();
    },
  };
}

/** Measured on the raw text: comments and whitespace are not tokens, so the parser's token limit misses them. */
function refuseLargeDocuments(body: unknown, maxBytes: number): void {
  for (const operation of Array.isArray(body) ? body : [body]) {
    const query = (operation as { query?: unknown } | null)?.query;
    if (typeof query === "string" && Buffer.byteLength(query) > maxBytes) {
      throw new HttpError(413, `GraphQL document larger than ${maxBytes} bytes (comments and whitespace count)`);
    }
  }
}

/** The caller's (or the gateway's) `x-request-id` when it looks like an id, else a new one. */
function requestIdOf(req: IncomingMessage): string {
  const sent = req.headers["x-request-id"];
  return typeof sent === "string" && /^[A-Za-z0-9._:-]{8,128}$/.test(sent) ? sent : randomUUID();
}

/** Reads a request body up to `maxBytes` (413 beyond), parsed as JSON when it says it is JSON. */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > maxBytes) throw new HttpError(413, `Request body larger than ${maxBytes} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) throw new HttpError(413, `Request body larger than ${maxBytes} bytes`);
      chunks.push(chunk);
    }
  } catch (error) {
    // The client went away or was cut off mid-body (requestTimeout): a client's failure, not ours to log.
    if (error instanceof HttpError || !req.destroyed) throw error;
    throw new HttpError(400, "Request body incomplete");
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text) return undefined;
  const type = req.headers["content-type"] ?? "";
  if (!type.includes("application/json") && !type.includes("application/graphql-response+json")) return text;
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, "Request body is not valid JSON");
  }
}

/** Sends a JSON reply; used by the plain routes. */
/** The credential of an `Authorization: Bearer <credential>` header (an API key or a service token), else null. */
export function bearerToken(authorization: string | undefined): string | null {
  return /^Bearer\s+(\S+)$/i.exec(authorization ?? "")?.[1] ?? null;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): true {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
  return true;
}

/** A fetched response's text, abandoned as soon as it exceeds `maxBytes`: another party's answer must not fill our heap. */
export async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const tooLarge = () => new Error(`the answer is larger than ${maxBytes} bytes`);
  if (Number(response.headers.get("content-length") ?? 0) > maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += chunk.length;
    if (size > maxBytes) throw tooLarge(); // leaving the loop cancels the stream
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}
