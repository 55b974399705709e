import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A small round-robin HTTP load balancer, as a Kubernetes Service is to its ready pods: each request goes
 * to the next backend in the list. Backends are added once ready and removed before they stop (a pod
 * leaves the endpoints before its SIGTERM), which is what `add` and `remove` model. No retries: a
 * request a backend fails reaches the client as it is (502 when the backend cannot be reached).
 */
export interface RoundRobin {
  /** Base URL, e.g. http://127.0.0.1:1234 */
  origin: string;
  backends: string[];
  add(origin: string): void;
  remove(origin: string): void;
  close(): Promise<void>;
}

export async function startRoundRobin(backends: string[] = []): Promise<RoundRobin> {
  // Idle upstream sockets are dropped before the servers' own 5 s keep-alive timeout would close them under a
  // request (as a proxy's upstream idle timeout is set shorter than its backends').
  const agent = new http.Agent({ keepAlive: true, timeout: 2000 });
  let next = 0;
  const server = http.createServer((req, res) => {
    if (backends.length === 0) return void res.writeHead(503).end();
    const target = new URL(req.url ?? "/", backends[next++ % backends.length]);
    const upstream = http.request(target, { method: req.method, headers: req.headers, agent }, (response) => {
      res.writeHead(response.statusCode ?? 502, response.headers);
      response.pipe(res);
    });
    upstream.on("error", () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    backends,
    add: (origin) => void backends.push(origin),
    remove: (origin) => void backends.splice(backends.indexOf(origin), 1),
    async close() {
      agent.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
