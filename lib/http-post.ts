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

/**
 * POST over node:http on kept-alive connections, the whole answer read into a string. Service-to-service
 * calls use it rather than fetch: undici's fetch builds WHATWG streams, Headers and Response objects per
 * call, a large share of the gateway's CPU per subgraph fetch. When `signal` aborts (a deadline) the call
 * fails with the signal's reason, e.g. AbortSignal.timeout's TimeoutError.
 */
export function post(url: URL, options: { agents: Agents; headers: http.OutgoingHttpHeaders; body: string; signal?: AbortSignal }): Promise<PostAnswer> {
  const client = url.protocol === "https:" ? https : http;
  const { signal } = options;
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => reject(signal?.aborted ? (signal.reason as Error) : error);
    const request = client.request(
      url,
      { method: "POST", agent: options.agents[url.protocol as keyof Agents], headers: { ...options.headers, "content-length": Buffer.byteLength(options.body) }, signal },
      (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, statusText: response.statusMessage ?? "", headers: response.headers, body }));
        response.on("error", fail);
      },
    );
    request.on("error", fail);
    request.end(options.body);
  });
}
