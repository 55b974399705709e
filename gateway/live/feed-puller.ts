import type { MikroORM } from "@mikro-orm/postgresql";
import { ANONYMOUS, type ServiceTokens } from "../../lib/identity.js";
import type { Logger } from "../../lib/log.js";
import { Periodic } from "../../lib/periodic.js";
import { feedAudience, MAX_FEED_PAGE, type FeedEntry } from "../../lib/outbox.js";
import { REPLAY_WINDOW_MS } from "./change-hub.js";
import { FEED_LOCK } from "./change-event.entity.js";

const FEED_TIMEOUT_MS = 3000;
/** A subgraph without a feed (404) is asked again after this long: it may be republished with one. */
const NO_FEED_RECHECK_MS = 30_000;
/** A subgraph whose feed failed is asked again after this long (and logged once per failure, not per poll). */
const FAILED_FEED_RETRY_MS = 2000;
export const CHANGES_CHANNEL = "copnet_changes";

export interface FeedPullerOptions {
  tokens: ServiceTokens;
  /** Deployment-specific subgraph addresses overriding the registry's, as for queries. */
  subgraphUrls?: Record<string, string>;
  pollMs: number;
  log: Logger;
}

/**
 * Pulls every registered subgraph's change feed (`/_changes`, lib/outbox.ts) into the gateway database's
 * replay log, fans each change out to the webhooks that want it, and announces new changes to every
 * gateway (NOTIFY). Any gateway may pull; an advisory lock lets one at a time do it, so several gateways
 * neither duplicate nor reorder changes. A subgraph without a feed answers 404 and is skipped, so one
 * federated later takes part by serving the same route.
 */
export class FeedPuller {
  private readonly loop: Periodic;
  /** Subgraphs that answered 404 or failed, by name, with when to ask again. */
  private readonly askAgainAt = new Map<string, number>();

  constructor(
    private readonly orm: MikroORM,
    private readonly options: FeedPullerOptions,
  ) {
    this.loop = new Periodic(options.pollMs, () => this.pull(), options.log, "pulling the change feeds failed; retrying");
  }

  start(): void {
    this.loop.start(0);
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /** One round over all feeds; returns how many changes it added (0 when another gateway holds the lock). */
  async pull(): Promise<number> {
    return this.orm.em.fork().transactional(async (tx) => {
      const [lock] = await tx.execute<{ locked: boolean }[]>(`select pg_try_advisory_xact_lock(?) as locked`, [FEED_LOCK]);
      if (!lock?.locked) return 0;
      const subgraphs = await tx.execute<{ name: string; url: string; cursor: string | null }[]>(
        `select s.name, s.url, c.cursor from subgraph s left join feed_cursor c on c.source = s.name where s.status = 'ACTIVE' order by s.name`,
      );
      const pages = await Promise.all(subgraphs.map((subgraph) => this.read(subgraph.name, this.options.subgraphUrls?.[subgraph.name] ?? subgraph.url, subgraph.cursor ?? "0.0")));
      const rows = pages.flatMap((entries, index) => entries.map((entry) => ({ ...entry, source: subgraphs[index]!.name })));
      if (rows.length === 0) return 0;
      const added = await tx.execute<{ first: string | null }[]>(
        `with added as (
           insert into change_event (source, topic, entity_id, member_ids, society_ids, data, changed_at)
           select e.value->>'source', e.value->>'topic', (e.value->>'entityId')::uuid,
                  array(select jsonb_array_elements_text(e.value->'memberIds'))::uuid[],
                  array(select jsonb_array_elements_text(e.value->'societyIds'))::uuid[],
                  e.value->'data', (e.value->>'createdAt')::timestamptz
             from jsonb_array_elements(?::jsonb) with ordinality as e(value, n) order by e.n
           returning id)
         select min(id)::text as first from added`,
        [JSON.stringify(rows)],
      );
      await fanOutToWebhooks(tx, added[0]!.first!);
      for (const [index, entries] of pages.entries()) {
        if (entries.length === 0) continue;
        await tx.execute(`insert into feed_cursor (source, cursor) values (?, ?) on conflict (source) do update set cursor = excluded.cursor`, [subgraphs[index]!.name, entries.at(-1)!.cursor]);
      }
      await tx.execute(`delete from change_event where id in (select id from change_event where created_at < now() - make_interval(secs => ?) limit 1000)`, [(REPLAY_WINDOW_MS * 1.5) / 1000]);
      await tx.execute(`select pg_notify(?, '')`, [CHANGES_CHANNEL]);
      return rows.length;
    });
  }

  /** One page of a subgraph's feed after `cursor`; nothing when it has no feed or cannot answer now. */
  private async read(name: string, url: string, cursor: string): Promise<FeedEntry[]> {
    if ((this.askAgainAt.get(name) ?? 0) > Date.now()) return [];
    this.askAgainAt.delete(name);
    const feed = new URL("/_changes", url);
    feed.searchParams.set("after", cursor);
    feed.searchParams.set("limit", String(MAX_FEED_PAGE));
    try {
      const response = await fetch(feed, {
        headers: { authorization: `Bearer ${await this.options.tokens.get(ANONYMOUS, feedAudience(name))}` },
        redirect: "manual",
        signal: AbortSignal.timeout(FEED_TIMEOUT_MS),
      });
      if (!response.ok) await response.body?.cancel();
      if (response.status === 404) {
        this.askAgainAt.set(name, Date.now() + NO_FEED_RECHECK_MS);
        return [];
      }
      if (!response.ok) {
        this.askAgainAt.set(name, Date.now() + FAILED_FEED_RETRY_MS);
        this.options.log.warn({ subgraph: name, status: response.status }, "a subgraph refused its change feed");
        return [];
      }
      return ((await response.json()) as { entries: FeedEntry[] }).entries;
    } catch (error) {
      this.askAgainAt.set(name, Date.now() + FAILED_FEED_RETRY_MS);
      this.options.log.warn({ subgraph: name, err: error }, "a subgraph's change feed could not be read");
      return [];
    }
  }
}

/** A delivery per change added from `firstId` on and per live endpoint that asked for its type and may hear of it. */
async function fanOutToWebhooks(tx: Parameters<Parameters<MikroORM["em"]["transactional"]>[0]>[0], firstId: string): Promise<void> {
  await tx.execute(
    `insert into webhook_delivery (id, endpoint_id, change_event_id, topic, payload, member_ids, status, next_attempt_at)
     select gen_random_uuid(), w.id, c.id, c.topic,
            jsonb_build_object('type', c.topic, 'timestamp', c.changed_at, 'data', c.data || jsonb_build_object('changeId', c.id::text)),
            c.member_ids, 'PENDING', now()
       from change_event c
       join webhook_endpoint w on w.removed_at is null and c.topic = any(w.events)
                              and (cardinality(c.society_ids) = 0 or w.society_id = any(c.society_ids))
      where c.id >= ?`,
    [firstId],
  );
}
