import http from "node:http";
import type { AddressInfo } from "node:net";
import type { ApolloServerPlugin } from "@apollo/server";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { LabelValues, type Bounded } from "./bounded.js";
import { sendJson, type RequestContext, type Route } from "./http.js";
import type { Caller } from "./identity.js";
import type { Logger } from "./log.js";

/** Distinct operation names that get their own series (the first seen); the rest are `other`. */
export const METRIC_OPERATION_NAMES = 100;

/** One Prometheus registry per server (tests run several in a process), with Node's default metrics. */
export class Metrics {
  readonly registry = new Registry();
  readonly requests: Counter<"operation" | "status">;
  readonly duration: Histogram<"operation" | "status">;
  /** Both labels of the request metrics come from the client (a subgraph's operation names too: the gateway derives them from the client's). */
  readonly operationLabels = new LabelValues("metric_operation_names", METRIC_OPERATION_NAMES);
  readonly statusLabels = new LabelValues("metric_outcomes", 50);
  private readonly bounds: Bounded[] = [this.operationLabels, this.statusLabels];

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({ name: "copnet_graphql_requests_total", help: "GraphQL requests by operation and outcome", labelNames: ["operation", "status"], registers: [this.registry] });
    this.duration = new Histogram({
      name: "copnet_graphql_request_duration_seconds",
      help: "GraphQL request duration by operation and outcome",
      labelNames: ["operation", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    const bounds = this.bounds;
    new Gauge({
      name: "copnet_bounded_entries",
      help: "Entries in each in-memory map that client input can fill (see copnet_bounded_capacity)",
      labelNames: ["map"],
      registers: [this.registry],
      collect() {
        for (const bound of bounds) this.set({ map: bound.name }, bound.size);
      },
    });
    new Gauge({
      name: "copnet_bounded_capacity",
      help: "The most entries each such map holds",
      labelNames: ["map"],
      registers: [this.registry],
      collect() {
        for (const bound of bounds) this.set({ map: bound.name }, bound.capacity);
      },
    });
  }

  /** Reports these maps' sizes and capacities on /metrics. */
  watchBounds(...bounds: Bounded[]): void {
    this.bounds.push(...bounds);
  }

  /** Database pool connections in use, idle, and requests waiting for one — read at scrape time. */
  watchPool(pool: { totalCount: number; idleCount: number; waitingCount: number }): void {
    new Gauge({
      name: "copnet_db_pool_connections",
      help: "Database pool connections by state (active, idle, waiting requests)",
      labelNames: ["state"],
      registers: [this.registry],
      collect() {
        this.set({ state: "active" }, pool.totalCount - pool.idleCount);
        this.set({ state: "idle" }, pool.idleCount);
        this.set({ state: "waiting" }, pool.waitingCount);
      },
    });
  }
}

/**
 * Apollo plugin: one structured log line and one metric sample per GraphQL request — request id,
 * operation name, duration, outcome, the caller's role and society. Never variables or results: they
 * carry member data.
 */
export function requestObserver<TContext extends RequestContext & { caller: Caller }>(log: Logger, metrics: Metrics): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      return {
        async willSendResponse({ response, operationName, errors }) {
          const seconds = (performance.now() - started) / 1000;
          const status = metrics.statusLabels.of(errors?.length ? String(errors[0]!.extensions?.code ?? "ERROR") : "OK");
          const operation = operationName ? metrics.operationLabels.of(operationName) : "(anonymous)";
          metrics.requests.inc({ operation, status });
          metrics.duration.observe({ operation, status }, seconds);
          log.info(
            { requestId: contextValue.requestId, operation: operationName?.slice(0, 64) ?? "(anonymous)", status, httpStatus: response.http.status ?? 200, durationMs: Math.round(seconds * 1000), role: contextValue.caller.role, society: contextValue.caller.societyId },
            "graphql request",
          );
        },
      };
    },
  };
}

/**
 * `/healthz` (the process is alive), `/readyz` (it can serve: its checks pass — 503 with the failing ones
 * otherwise) and `/metrics` (Prometheus text format) unless `metrics` is left out because they are served
 * on their own port (see `serveMetrics`).
 */
export function operationalRoutes(options: { metrics?: Metrics; ready: () => Promise<Record<string, boolean>>; info?: () => Record<string, unknown> }): Route {
  return async (req, res, url) => {
    if (req.method !== "GET") return false;
    if (url.pathname === "/healthz") return sendJson(res, 200, { status: "ok", ...options.info?.() });
    if (url.pathname === "/readyz") {
      const checks = await options.ready().catch(() => ({ checks: false }));
      const ready = Object.values(checks).every(Boolean);
      return sendJson(res, ready ? 200 : 503, { status: ready ? "ready" : "not ready", checks, ...options.info?.() });
    }
    if (url.pathname === "/metrics" && options.metrics) return sendMetrics(options.metrics, res);
    return false;
  };
}

async function sendMetrics(metrics: Metrics, res: http.ServerResponse): Promise<true> {
  res.writeHead(200, { "content-type": metrics.registry.contentType });
  res.end(await metrics.registry.metrics());
  return true;
}

export interface MetricsEndpoint {
  /** What `operationalRoutes` serves on the main port: the metrics, unless they have their own port. */
  onMainPort: Metrics | undefined;
  /** The metrics port actually listened on (port 0 picks one), or null. */
  port: number | null;
  close(): Promise<void>;
}

/**
 * With `port` set, `/metrics` is served only there (`COPNET_METRICS_PORT`), so that an ingress or a proxy in
 * front of the main port never exposes it; without, on the main port as before.
 */
export async function serveMetrics(metrics: Metrics, listen: { port?: number; host?: string }): Promise<MetricsEndpoint> {
  if (listen.port === undefined) return { onMainPort: metrics, port: null, close: async () => undefined };
  const server = http.createServer((req, res) => {
    if (req.method === "GET" && new URL(req.url ?? "/", "http://localhost").pathname === "/metrics") {
      sendMetrics(metrics, res).catch(() => res.destroy());
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(listen.port, listen.host ?? "127.0.0.1", resolve);
  });
  return {
    onMainPort: undefined,
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
