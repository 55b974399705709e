import { Summary, type Histogram } from "prom-client";
import type { Registry } from "prom-client";

/** The window GET /admin/status reports on. */
export const RECENT_WINDOW_MS = 5 * 60_000;
const SNAPSHOT_EVERY_MS = 30_000;

export interface RecentFetchFigures {
  fetches: number;
  errorRate: number | null;
  p50Ms: number | null;
  p99Ms: number | null;
}

/**
 * Each subgraph's fetches over the last five minutes, as this gateway saw them: latency quantiles from a
 * sliding-window summary (prom-client's, also on /metrics), and the error rate from the difference between
 * now and five minutes ago of the fetch histogram's counts (copnet_subgraph_fetch_duration_seconds).
 */
export class RecentFetches {
  readonly latency: Summary<"service">;
  /** Fetch and error counts per service, oldest first, one every SNAPSHOT_EVERY_MS over the window. */
  private readonly snapshots: Map<string, { fetches: number; errors: number }>[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    registry: Registry,
    private readonly fetches: Histogram<"service" | "outcome">,
  ) {
    this.latency = new Summary({
      name: "copnet_subgraph_fetch_recent_seconds",
      help: "Subgraph fetch duration quantiles over the last five minutes, by service",
      labelNames: ["service"],
      percentiles: [0.5, 0.99],
      maxAgeSeconds: RECENT_WINDOW_MS / 1000,
      ageBuckets: 5,
      registers: [registry],
    });
    void this.snapshot();
    this.timer = setInterval(() => void this.snapshot(), SNAPSHOT_EVERY_MS);
    this.timer.unref();
  }

  async figures(): Promise<Map<string, RecentFetchFigures>> {
    const now = await this.counts();
    const then = this.snapshots[0] ?? new Map();
    const quantiles = new Map<string, { p50Ms: number | null; p99Ms: number | null }>();
    for (const value of (await this.latency.get()).values) {
      const service = String(value.labels.service);
      const entry = quantiles.get(service) ?? { p50Ms: null, p99Ms: null };
      const ms = Number.isFinite(value.value) ? Math.round(value.value * 10_000) / 10 : null;
      const { quantile } = value.labels as { quantile?: number };
      if (quantile === 0.5) entry.p50Ms = ms;
      if (quantile === 0.99) entry.p99Ms = ms;
      quantiles.set(service, entry);
    }
    const figures = new Map<string, RecentFetchFigures>();
    for (const [service, count] of now) {
      const fetches = count.fetches - (then.get(service)?.fetches ?? 0);
      const errors = count.errors - (then.get(service)?.errors ?? 0);
      const latency = fetches > 0 ? (quantiles.get(service) ?? { p50Ms: null, p99Ms: null }) : { p50Ms: null, p99Ms: null };
      figures.set(service, { fetches, errorRate: fetches > 0 ? errors / fetches : null, ...latency });
    }
    return figures;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async snapshot(): Promise<void> {
    this.snapshots.push(await this.counts());
    // One more than the window holds: the oldest is the baseline five minutes back.
    if (this.snapshots.length > RECENT_WINDOW_MS / SNAPSHOT_EVERY_MS + 1) this.snapshots.shift();
  }

  private async counts(): Promise<Map<string, { fetches: number; errors: number }>> {
    const counts = new Map<string, { fetches: number; errors: number }>();
    for (const value of (await this.fetches.get()).values) {
      if (value.metricName !== "copnet_subgraph_fetch_duration_seconds_count") continue;
      const service = String(value.labels.service);
      const entry = counts.get(service) ?? { fetches: 0, errors: 0 };
      entry.fetches += value.value;
      if (value.labels.outcome !== "ok") entry.errors += value.value;
      counts.set(service, entry);
    }
    return counts;
  }
}
