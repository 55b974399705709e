import { hostname } from "node:os";
import type { MikroORM } from "@mikro-orm/postgresql";
import type { EntityManager } from "../../lib/database.js";
import type { Logger } from "../../lib/log.js";
import { GatewayHeartbeat } from "./heartbeat.entity.js";

/** A gateway writes its heartbeat this often; one not seen for three beats is reported as gone. */
export const HEARTBEAT_MS = 5000;
const GONE_AFTER_MS = 3 * HEARTBEAT_MS;
const FORGOTTEN_AFTER_MS = 24 * 3600_000;

/** Writes this gateway's heartbeat (gateway_heartbeat) with the supergraph version it serves, and removes it on a clean stop. */
export class Heartbeats {
  private readonly instance: string;
  private readonly startedAt = new Date();
  private timer: NodeJS.Timeout | null = null;

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
    this.timer = setInterval(() => void this.beat(), HEARTBEAT_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.orm.em.fork().nativeDelete(GatewayHeartbeat, { instance: this.instance }).catch(() => undefined);
  }

  private async beat(): Promise<void> {
    try {
      await this.orm.em.fork().upsert(GatewayHeartbeat, { instance: this.instance, url: this.url, supergraphVersion: this.version(), startedAt: this.startedAt, seenAt: new Date() });
    } catch (error) {
      this.log.warn({ err: error }, "could not record this gateway's heartbeat");
    }
  }
}

/** Gateways that have beaten recently, with the version each serves. */
export function liveGateways(em: EntityManager): Promise<GatewayHeartbeat[]> {
  return em.find(GatewayHeartbeat, { seenAt: { $gt: new Date(Date.now() - GONE_AFTER_MS) } }, { orderBy: { startedAt: "asc" } });
}
