import type { IncomingMessage, ServerResponse } from "node:http";
import { defineEntity, p } from "@mikro-orm/core";
import { GraphQLError } from "graphql";
import type { JWTVerifyGetKey } from "jose";
import type { PubSub } from "type-graphql";
import type { MikroORM } from "@mikro-orm/postgresql";
import type { EntityManager } from "./database.js";
import { bearerToken, HttpError, sendJson, type Route } from "./http.js";
import { verifyServiceToken } from "./identity.js";

/** What partners can follow: the subscription root fields and the webhook event types. */
export const CHANGE_TOPICS = ["registration.changed", "mentorship.changed", "event.changed", "opportunity.published"] as const;
export type ChangeTopic = (typeof CHANGE_TOPICS)[number];

/**
 * One change, written by the subgraph that owns it in the same transaction as the change itself, so a
 * change is announced if and only if it commits. `memberIds` (a column of its own) lets a member's erasure
 * purge what the outbox says about them; `societyIds` are the societies entitled to hear of it by webhook.
 */
export class OutboxEntry {
  position!: string;
  /** The writing transaction (xid8): the feed's order, see changeFeedRoute. */
  tx!: string;
  topic!: ChangeTopic;
  entityId!: string;
  memberIds!: string[];
  societyIds!: string[];
  /** Ids and the change (a status, a kind), never a member's private fields. */
  data!: Record<string, unknown>;
  createdAt!: Date;
}

export const OutboxEntrySchema = defineEntity({
  class: OutboxEntry,
  tableName: "outbox",
  properties: {
    position: p.bigint().autoincrement().primary(),
    tx: p.string().columnType("xid8").defaultRaw("pg_current_xact_id()"),
    topic: p.string().length(64),
    entityId: p.uuid(),
    memberIds: p.array().columnType("uuid[]"),
    societyIds: p.array().columnType("uuid[]"),
    data: p.json(),
    createdAt: p.datetime().defaultRaw("now()"),
  },
  indexes: [
    { name: "outbox_feed_index", properties: ["tx", "position"] },
    { name: "outbox_member_ids_index", properties: ["memberIds"], type: "gin" },
  ],
});

/** The outbox table, as each subgraph that keeps one creates it in its own migration. */
export const OUTBOX_MIGRATION = [
  `create table "outbox" ("position" bigserial primary key, "tx" xid8 not null default pg_current_xact_id(), "topic" varchar(64) not null, "entity_id" uuid not null, "member_ids" uuid[] not null, "society_ids" uuid[] not null, "data" jsonb not null, "created_at" timestamptz not null default now());`,
  `create index "outbox_feed_index" on "outbox" ("tx", "position");`,
  `create index "outbox_member_ids_index" on "outbox" using gin ("member_ids");`,
];

export interface Change {
  topic: ChangeTopic;
  entityId: string;
  memberIds?: string[];
  societyIds: string[];
  data: Record<string, unknown>;
}

/** Records changes in the caller's transaction (call it inside `em.transactional`). */
export async function recordChanges(em: EntityManager, changes: Change[]): Promise<void> {
  if (changes.length === 0) return;
  await em.execute(
    `insert into outbox (topic, entity_id, member_ids, society_ids, data)
     select c->>'topic', (c->>'entityId')::uuid, array(select jsonb_array_elements_text(c->'memberIds'))::uuid[],
            array(select jsonb_array_elements_text(c->'societyIds'))::uuid[], c->'data'
       from jsonb_array_elements(?::jsonb) with ordinality as e(c, n) order by e.n`,
    [JSON.stringify(changes.map((change) => ({ ...change, memberIds: change.memberIds ?? [] })))],
  );
}

/** A member's erasure (lib/data-rights.ts): the outbox's changes naming them go, whatever else they name. */
export async function eraseMemberChanges(em: EntityManager, memberId: string): Promise<number> {
  return (await em.execute(`delete from outbox where member_ids @> array[?::uuid] returning 1`, [memberId])).length;
}

/** The audience of the tokens a gateway reads a subgraph's change feed with: nothing else accepts them. */
export const feedAudience = (subgraph: string) => `${subgraph}:changes`;

/** Largest page of the change feed. */
export const MAX_FEED_PAGE = 500;

/** How long the outbox keeps changes: gateways pull within seconds, this covers a gateway down for a while. */
const OUTBOX_RETENTION = "1 day";

export interface FeedEntry {
  /** Where the reader is after this entry: `<transaction>.<position>`. */
  cursor: string;
  topic: ChangeTopic;
  entityId: string;
  memberIds: string[];
  societyIds: string[];
  data: Record<string, unknown>;
  createdAt: string;
}

/**
 * `GET /_changes?after=<cursor>&limit=<n>`: the outbox after a cursor, for a gateway's service token with
 * the feed audience only. Positions alone would skip changes: a transaction may take a lower position and
 * commit after a higher one has been read. So the feed is ordered by writing transaction, then position,
 * and serves only transactions older than every one still running in this database: whatever commits later
 * sorts after what has been served. (Not the snapshot's xmin, which counts every database on the server: a
 * long transaction anywhere else would hold the feed back.)
 */
export function changeFeedRoute(subgraph: string, orm: MikroORM, keys: JWTVerifyGetKey): Route {
  return async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (url.pathname !== "/_changes") return false;
    if (req.method !== "GET") throw new HttpError(404, "Not found");
    const token = bearerToken(req.headers.authorization);
    const verified = token ? await verifyServiceToken(token, feedAudience(subgraph), keys).catch(() => null) : null;
    if (!verified || verified.schemaOnly) throw new HttpError(401, "The change feed is served to the gateway's feed token only");
    const [tx, position] = (url.searchParams.get("after") ?? "0.0").split(".");
    const limit = Number(url.searchParams.get("limit") ?? MAX_FEED_PAGE);
    if (!/^\d{1,19}$/.test(tx ?? "") || !/^\d{1,19}$/.test(position ?? "") || !Number.isInteger(limit) || limit < 1 || limit > MAX_FEED_PAGE) {
      throw new HttpError(400, `after must be a cursor from this feed, limit 1–${MAX_FEED_PAGE}`);
    }
    const em = orm.em.fork();
    const rows = await em.execute<{ tx: string; position: string; topic: ChangeTopic; entity_id: string; member_ids: string[]; society_ids: string[]; data: Record<string, unknown>; created_at: Date }[]>(
      `select tx::text as tx, position, topic, entity_id, member_ids, society_ids, data, created_at from outbox
        where (tx, position) > (?::xid8, ?::bigint)
          and tx < coalesce((select min(running) from pg_snapshot_xip(pg_current_snapshot()) as running
                              where xid(running) in (select backend_xid from pg_stat_activity where datname = current_database())),
                            pg_snapshot_xmax(pg_current_snapshot()))
        order by tx, position limit ?`,
      [tx, position, limit],
    );
    // Old rows go a few at a time as the feed is read, so no separate job is needed.
    await em.execute(`delete from outbox where position in (select position from outbox where created_at < now() - interval '${OUTBOX_RETENTION}' limit 100)`);
    const entries: FeedEntry[] = rows.map((row) => ({
      cursor: `${row.tx}.${row.position}`,
      topic: row.topic,
      entityId: row.entity_id,
      memberIds: row.member_ids,
      societyIds: row.society_ids,
      data: row.data,
      createdAt: new Date(row.created_at).toISOString(),
    }));
    return sendJson(res, 200, { entries });
  };
}

/**
 * The PubSub of every subgraph's schema: Subscription fields are declared in the subgraph that owns the
 * change (their topic is the change's) so that they compose into the supergraph, but the gateway serves them
 * from the change feeds (gateway/live/) and never sends a subscription on.
 */
export const servedByGateway: PubSub = {
  publish() {
    throw new Error("changes are published through the outbox (recordChanges)");
  },
  subscribe() {
    throw new GraphQLError("Subscriptions are served by the gateway over server-sent events", { extensions: { code: "BAD_REQUEST" } });
  },
};
