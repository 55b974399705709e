import { hostname } from "node:os";
import type { MikroORM } from "@mikro-orm/postgresql";
import type { EntityManager } from "../../lib/database.js";
import type { Logger } from "../../lib/log.js";
import { GatewayHeartbeat } from "./heartbeat.entity.js";

/** A gateway writes its heartbeat this often, and within a second of switching versions; one not seen for three beats is reported as gone. */
export const HEARTBEAT_MS = 5000;
const VERSION_CHECK_MS = 1000;
const GONE_AFTER_MS = 3 * HEARTBEAT_MS;
const FORGOTTEN_AFTER_MS = 24 * 3600_000;

/** Writes this gateway's heartbeat (gateway_heartbeat) with the supergraph version it serves, and removes it on a clean stop. */
export class Heartbeats {
  private readonly instance: string;
  private readonly startedAt = new Date();
  private timer: NodeJS.Timeout | null = null;
  private written = { version: -1, at: 0 };
  private beating: Promise<void> = Promise.resolve();

  constructor(
    private readonly orm: MikroORM,
    private readonly url: string,
    private readonly version: () => number,
    private readonly log: Logger,
  ) {
    this.instance = `${hostname()}:${process.pid}:${new URL(url).port}`;
  }

  async start(): Promise<void> {
    // Gateways that died without stopping leave their row; a new process has a new instance id, so clear old ones.
    await this.orm.em.fork().nativeDelete(GatewayHeartbeat, { seenAt: { $lt: new Date(Date.now() - FORGOTTEN_AFTER_MS) } }).catch(() => undefined);
    await this.beat();
    this.timer = setInterval(() => {
      if (this.version() !== this.written.version || Date.now() - this.written.at >= HEARTBEAT_MS) this.beating = this.beat();
    }, VERSION_CHECK_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.beating; // a beat still in flight would write the row back
    await this.orm.em.fork().nativeDelete(GatewayHeartbeat, { instance: this.instance }).catch(() => undefined);
  }

  private async beat(): Promise<void> {
    const version = this.version();
    this.written = { version, at: Date.now() };
    try {
      await this.orm.em.fork().upsert(GatewayHeartbeat, { instance: this.instance, url: this.url, supergraphVersion: version, startedAt: this.startedAt, seenAt: new Date() });
    } catch (error) {
      this.log.warn({ err: error }, "could not record this gateway's heartbeat");
    }
  }
}

/** Gateways that have beaten recently, with the version each serves. */
export function liveGateways(em: EntityManager): Promise<GatewayHeartbeat[]> {
  return em.find(GatewayHeartbeat, { seenAt: { $gt: new Date(Date.now() - GONE_AFTER_MS) } }, { orderBy: { startedAt: "asc" } });
}
