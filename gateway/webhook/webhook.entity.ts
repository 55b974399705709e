import { defineEntity, p } from "@mikro-orm/core";
import type { ChangeTopic } from "../../lib/outbox.js";

/** A society's webhook: where changes it may hear of are posted, signed with the endpoint's own secret. */
export class WebhookEndpoint {
  id!: string;
  societyId!: string;
  url!: string;
  events!: ChangeTopic[];
  /** Standard Webhooks secret (`whsec_…`), shown once at creation. */
  secret!: string;
  /** An admin allowed a private or loopback address (a partner's server inside the same network). */
  allowPrivate!: boolean;
  createdAt!: Date;
  removedAt!: Date | null;
}

export const WebhookEndpointSchema = defineEntity({
  class: WebhookEndpoint,
  tableName: "webhook_endpoint",
  properties: {
    id: p.uuid().primary(),
    societyId: p.uuid().index(),
    url: p.string().length(2048),
    events: p.array().columnType("text[]"),
    secret: p.string().length(128),
    allowPrivate: p.boolean().default(false),
    createdAt: p.datetime().defaultRaw("now()"),
    removedAt: p.datetime().nullable(),
  },
});

export type DeliveryStatus = "PENDING" | "SUCCEEDED" | "FAILED";

/** One change to one endpoint: its attempts, until it succeeds or the retry window closes. */
export class WebhookDelivery {
  /** The Standard Webhooks `webhook-id`: the same on every attempt, so a receiver can drop repeats. */
  id!: string;
  endpointId!: string;
  changeEventId!: string;
  topic!: ChangeTopic;
  /** The body sent, fixed at fan-out (ids and the change). */
  payload!: Record<string, unknown>;
  /** Member ids of the change, for erasure. */
  memberIds!: string[];
  status!: DeliveryStatus;
  attempts!: number;
  nextAttemptAt!: Date;
  lastError!: string | null;
  lastStatusCode!: number | null;
  createdAt!: Date;
  deliveredAt!: Date | null;
}

export const WebhookDeliverySchema = defineEntity({
  class: WebhookDelivery,
  tableName: "webhook_delivery",
  properties: {
    id: p.uuid().primary(),
    endpointId: p.uuid(),
    changeEventId: p.bigint(),
    topic: p.string().length(64),
    payload: p.json(),
    memberIds: p.array().columnType("uuid[]"),
    status: p.enum(["PENDING", "SUCCEEDED", "FAILED"] as const),
    attempts: p.integer().default(0),
    nextAttemptAt: p.datetime(),
    lastError: p.string().length(500).nullable(),
    lastStatusCode: p.integer().nullable(),
    createdAt: p.datetime().defaultRaw("now()"),
    deliveredAt: p.datetime().nullable(),
  },
  indexes: [
    { name: "webhook_delivery_due_index", properties: ["status", "nextAttemptAt"] },
    { name: "webhook_delivery_endpoint_index", properties: ["endpointId", "createdAt"] },
    { name: "webhook_delivery_member_ids_index", properties: ["memberIds"], type: "gin" },
  ],
});
