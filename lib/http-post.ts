import http from "node:http";
import https from "node:https";

/** An answer read in full: status, headers (names lower-case, as node:http gives them) and body text. */
export interface PostAnswer {
  status: number;
  statusText: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Kept-alive connections for one kind of caller, per protocol. */
export type Agents = Record<"http:" | "https:", http.Agent>;

export function keptAliveAgents(options: http.AgentOptions = {}): Agents {
  const pool = { keepAlive: true, scheduling: "lifo" as const, ...options };
  return { "http:": new http.Agent(pool), "https:": new https.Agent(pool) };
}

/** The largest answer a service may send by default: another party's answer must not fill our heap. */
export const MAX_ANSWER_BYTES = 32 * 1024 * 1024;

/** An answer abandoned because it grew past the caller's cap. */
export class AnswerTooLarge extends Error {
  override name = "AnswerTooLarge";
  constructor(maxBytes: number) {
    super(`the answer is larger than ${maxBytes} bytes`);
  }
}

/** The errors of a kept-alive connection that the other side closed while it sat idle in the pool. */
const STALE_CONNECTION = new Set(["ECONNRESET", "EPIPE"]);

/** A request that failed on a reused connection before any answer came: the other side never read it. */
class StaleConnection extends Error {
  constructor(readonly original: Error) {
    super(original.message);
  }
}

interface PostOptions {
  agents: Agents;
  headers: http.OutgoingHttpHeaders;
  body: string;
  signal?: AbortSignal;
  maxBytes?: number;
  /** Sending it twice is harmless (a read), so a request lost with a stale connection is sent again once. */
  idempotent?: boolean;
}

/**
 * POST over node:http on kept-alive connections, the whole answer read into a string. Service-to-service
 * calls use it rather than fetch: undici's fetch builds WHATWG streams, Headers and Response objects per
 * call, a large share of the gateway's CPU per subgraph fetch. When `signal` aborts (a deadline) the call
 * fails with the signal's reason, e.g. AbortSignal.timeout's TimeoutError; an answer larger than `maxBytes`
 * (default MAX_ANSWER_BYTES) is abandoned, its connection closed, and the call fails with AnswerTooLarge.
 * A server that closes an idle connection (a restart, a hot swap, its keep-alive timeout) fails the next
 * request sent on it; an idempotent request is then sent once more on a fresh connection, as Node's
 * documentation advises (`request.reusedSocket`).
 */
export async function post(url: URL, options: PostOptions): Promise<PostAnswer> {
  try {
    return await attempt(url, options);
  } catch (error) {
    if (!(error instanceof StaleConnection)) throw error;
    if (!options.idempotent || options.signal?.aborted) throw error.original;
    return attempt(url, options).catch((retried: Error) => {
      throw retried instanceof StaleConnection ? retried.original : retried;
    });
  }
}

function attempt(url: URL, options: PostOptions): Promise<PostAnswer> {
  const client = url.protocol === "https:" ? https : http;
  const { signal, maxBytes = MAX_ANSWER_BYTES } = options;
  return new Promise((resolve, reject) => {
    let answered = false;
    const fail = (error: Error) => reject(signal?.aborted ? (signal.reason as Error) : error);
    const request = client.request(
      url,
      { method: "POST", agent: options.agents[url.protocol as keyof Agents], headers: { ...options.headers, "content-length": Buffer.byteLength(options.body) }, signal },
      (response) => {
        answered = true;
        let body = "";
        let size = 0;
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          size += Buffer.byteLength(chunk);
          if (size > maxBytes) {
            reject(new AnswerTooLarge(maxBytes)); // first: the destroyed socket's own error comes later and is ignored
            request.destroy();
            return;
          }
          body += chunk;
        });
        response.on("end", () => resolve({ status: response.statusCode ?? 0, statusText: response.statusMessage ?? "", headers: response.headers, body }));
        response.on("error", fail);
      },
    );
    request.on("error", (error: NodeJS.ErrnoException) =>
      fail(!answered && request.reusedSocket && STALE_CONNECTION.has(error.code ?? "") ? new StaleConnection(error) : error),
    );
    request.end(options.body);
  });
}
