import { defineEntity, p } from "@mikro-orm/core";

/** A gateway process's last sign of life and the supergraph version it served then (GET /admin/status). */
export class GatewayHeartbeat {
  /** Host, process id and port: one row per gateway process. */
  instance!: string;
  url!: string;
  supergraphVersion!: number;
  startedAt!: Date;
  seenAt!: Date;
}

export const GatewayHeartbeatSchema = defineEntity({
  class: GatewayHeartbeat,
  tableName: "gateway_heartbeat",
  properties: {
    instance: p.string().length(200).primary(),
    url: p.string().length(2048),
    supergraphVersion: p.integer(),
    startedAt: p.datetime(),
    seenAt: p.datetime().index(),
  },
});
