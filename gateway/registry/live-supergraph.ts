import type { ApolloServerPlugin } from "@apollo/server";
import type { SupergraphSdlHook } from "@apollo/gateway";
import type { MikroORM } from "@mikro-orm/postgresql";
import type { Logger } from "../../lib/log.js";
import type { GatewayContext } from "../context.js";
import type { GatewayMetrics } from "../metrics.js";
import type { SubgraphDefinition } from "./registry.entity.js";
import { currentVersion, latestVersionNumber } from "./registry.js";

export const VERSION_HEADER = "x-copnet-supergraph-version";

/**
 * Keeps a gateway on the registry's newest supergraph. Every gateway polls the registry (one indexed
 * `max(version)` per interval) and hands a newer supergraph to @apollo/gateway's `update`, which plans new
 * requests on it while requests already running finish on the old one — no request is dropped. A publish
 * through this gateway's admin API refreshes at once; other gateways follow within one interval.
 */
export class LiveSupergraph {
  version = 0;
  /** The subgraphs of the version in use: who may present a service token here, and where they listen. */
  subgraphs: SubgraphDefinition[] = [];
  private update: ((sdl: string) => void) | null = null;
  private queue: Promise<void> = Promise.resolve();
  private polling = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly orm: MikroORM,
    private readonly pollMs: number,
    private readonly log: Logger,
    private readonly metrics: GatewayMetrics,
  ) {}

  readonly hook: SupergraphSdlHook = async ({ update }) => {
    const current = await currentVersion(this.orm.em.fork());
    if (!current) throw new Error("the registry has no supergraph");
    this.update = update;
    this.version = current.version;
    this.subgraphs = current.subgraphs;
    this.metrics.supergraphVersion.set(this.version);
    this.timer = setInterval(() => this.poll(), this.pollMs);
    this.timer.unref();
    return { supergraphSdl: current.supergraphSdl, cleanup: async () => this.stop() };
  };

  /**
   * Switches to the newest version if there is one. Refreshes run one after another, and each call gets a
   * look at the registry that starts after it was made — so a publish that refreshes right after committing
   * is in use when this resolves, even if a poll that read the registry just before was still running.
   */
  refresh(): Promise<void> {
    const next = this.queue.then(() => this.loadNewest());
    this.queue = next;
    return next;
  }

  /** A timer tick: one poll at a time, so a slow or unreachable database cannot pile them up. */
  private poll(): void {
    if (this.polling) return;
    this.polling = true;
    void this.refresh().finally(() => {
      this.polling = false;
    });
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async loadNewest(): Promise<void> {
    try {
      const em = this.orm.em.fork();
      if (!this.update || (await latestVersionNumber(em)) <= this.version) return;
      const newest = await currentVersion(em);
      if (!newest || newest.version <= this.version) return;
      this.update(newest.supergraphSdl);
      this.log.info({ from: this.version, to: newest.version }, "switched supergraph version");
      this.version = newest.version;
      this.subgraphs = newest.subgraphs;
      this.metrics.supergraphVersion.set(this.version);
    } catch (error) {
      // A registry that cannot be read (database restarting) leaves the running supergraph as it is.
      this.log.warn({ err: error }, "could not refresh the supergraph");
    }
  }

  /** Apollo plugin: each response names the supergraph version its operation was planned on. */
  versionHeader(): ApolloServerPlugin<GatewayContext> {
    return {
      requestDidStart: async () => {
        const version = String(this.version);
        return {
          async willSendResponse({ response }) {
            response.http.headers.set(VERSION_HEADER, version);
          },
        };
      },
    };
  }
}
