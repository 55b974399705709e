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

/**
 * POST over node:http on kept-alive connections, the whole answer read into a string. Service-to-service
 * calls use it rather than fetch: undici's fetch builds WHATWG streams, Headers and Response objects per
 * call, a large share of the gateway's CPU per subgraph fetch. When `signal` aborts (a deadline) the call
 * fails with the signal's reason, e.g. AbortSignal.timeout's TimeoutError; an answer larger than `maxBytes`
 * (default MAX_ANSWER_BYTES) is abandoned, its connection closed, and the call fails with AnswerTooLarge.
 */
export function post(url: URL, options: { agents: Agents; headers: http.OutgoingHttpHeaders; body: string; signal?: AbortSignal; maxBytes?: number }): Promise<PostAnswer> {
  const client = url.protocol === "https:" ? https : http;
  const { signal, maxBytes = MAX_ANSWER_BYTES } = options;
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => reject(signal?.aborted ? (signal.reason as Error) : error);
    const request = client.request(
      url,
      { method: "POST", agent: options.agents[url.protocol as keyof Agents], headers: { ...options.headers, "content-length": Buffer.byteLength(options.body) }, signal },
      (response) => {
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
    request.on("error", fail);
    request.end(options.body);
  });
}
