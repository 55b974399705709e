import { Counter, Gauge, Histogram } from "prom-client";
import { Metrics } from "../lib/observability.js";
import { RecentFetches } from "./status/recent-fetches.js";

/** The gateway's metrics beyond every server's: subgraph fetches and the supergraph version in use. */
export class GatewayMetrics extends Metrics {
  readonly subgraphFetch = new Histogram({
    name: "copnet_subgraph_fetch_duration_seconds",
    help: "Subgraph fetches by service and outcome (ok, http_<status>, timeout, unreachable)",
    labelNames: ["service", "outcome"],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly reads = new Counter({
    name: "copnet_gateway_reads_total",
    help: "Read operations by outcome: executed, or joined to an identical read already executing",
    labelNames: ["outcome"],
    registers: [this.registry],
  });

  readonly supergraphVersion = new Gauge({ name: "copnet_supergraph_version", help: "Registry version of the supergraph in use", registers: [this.registry] });

  /** The last five minutes of subgraph fetches, for GET /admin/status. */
  readonly recent = new RecentFetches(this.registry, this.subgraphFetch);

  constructor() {
    super("gateway");
  }
}
