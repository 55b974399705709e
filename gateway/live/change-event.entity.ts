import { defineEntity, p } from "@mikro-orm/core";
import type { EntityManager } from "../../lib/database.js";
import type { ChangeTopic } from "../../lib/outbox.js";

/** One pull at a time across all gateways (pg advisory lock key): the replay log's ids then only grow in commit order. */
export const FEED_LOCK = 0x636f706e; // "copn"

/**
 * The network-wide replay log: every change pulled from a subgraph's feed, numbered by one sequence across
 * all subgraphs (the server-sent event id subscribers resume from). Kept for REPLAY_WINDOW_MS.
 */
export class ChangeEvent {
  id!: string;
  /** The subgraph that announced it. */
  source!: string;
  topic!: ChangeTopic;
  entityId!: string;
  /** As in the outbox: a member's erasure purges the rows naming them. */
  memberIds!: string[];
  societyIds!: string[];
  data!: Record<string, unknown>;
  /** When the subgraph committed it (the outbox's time). */
  changedAt!: Date;
  createdAt!: Date;
}

export const ChangeEventSchema = defineEntity({
  class: ChangeEvent,
  tableName: "change_event",
  properties: {
    id: p.bigint().autoincrement().primary(),
    source: p.string().length(64),
    topic: p.string().length(64),
    entityId: p.uuid(),
    memberIds: p.array().columnType("uuid[]"),
    societyIds: p.array().columnType("uuid[]"),
    data: p.json(),
    changedAt: p.datetime(),
    createdAt: p.datetime().defaultRaw("now()"),
  },
  indexes: [
    { name: "change_event_created_at_index", properties: ["createdAt"] },
    { name: "change_event_member_ids_index", properties: ["memberIds"], type: "gin" },
  ],
});

/** How far the network has read each subgraph's change feed (an opaque cursor of that feed). */
export class FeedCursor {
  source!: string;
  cursor!: string;
}

export const FeedCursorSchema = defineEntity({
  class: FeedCursor,
  tableName: "feed_cursor",
  properties: {
    source: p.string().length(64).primary(),
    cursor: p.string().length(64),
  },
});

/** A member's erasure: the replay log's changes and the webhook deliveries naming them go (sent ones included). */
export async function eraseFromReplayLog(em: EntityManager, memberId: string): Promise<void> {
  await em.transactional(async (tx) => {
    // Waits for a pull in flight, whose uncommitted rows these deletes could not see; later pulls find the outbox erased.
    await tx.execute(`select pg_advisory_xact_lock(?)`, [FEED_LOCK]);
    await tx.execute(`delete from change_event where member_ids @> array[?::uuid]`, [memberId]);
    await tx.execute(`delete from webhook_delivery where member_ids @> array[?::uuid]`, [memberId]);
  });
}
