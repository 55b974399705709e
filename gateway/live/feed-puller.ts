import type { MikroORM } from "@mikro-orm/postgresql";
import { Kind, parse } from "graphql";
import { z } from "zod";
import { readCapped } from "../../lib/http.js";
import { ANONYMOUS, type ServiceTokens } from "../../lib/identity.js";
import type { Logger } from "../../lib/log.js";
import { Periodic } from "../../lib/periodic.js";
import { CHANGE_TOPICS, feedAudience, MAX_FEED_PAGE, type ChangeTopic, type FeedEntry } from "../../lib/outbox.js";
import { REPLAY_WINDOW_MS } from "./change-hub.js";
import { FEED_LOCK } from "./change-event.entity.js";
import { topicOfSubscriptionField } from "./subscriptions.js";

const FEED_TIMEOUT_MS = 3000;
/** A subgraph without a feed (404) is asked again after this long: it may be republished with one. */
const NO_FEED_RECHECK_MS = 30_000;
/** A subgraph whose feed failed is asked again after this long (and logged once per failure, not per poll). */
const FAILED_FEED_RETRY_MS = 2000;
export const CHANGES_CHANNEL = "copnet_changes";
/** A feed failing the same way is logged again only after this long: a hostile feed must not flood the log. */
const FEED_FAILURE_LOG_MS = 60_000;

/**
 * Bounds on one change as a feed may send it. Feeds come from every federated society's service, not
 * only ours, so a page is read as untrusted input: ids must cast to uuid (or the insert fails), the lists
 * and the data that webhooks copy into signed payloads are bounded, and so is the page.
 */
export const MAX_FEED_ENTRY_IDS = 100;
export const MAX_FEED_ENTRY_DATA_BYTES = 4096;
/** A full page of the largest entries, with room for the JSON around them. */
export const MAX_FEED_PAGE_BYTES = MAX_FEED_PAGE * (MAX_FEED_ENTRY_DATA_BYTES + 2 * MAX_FEED_ENTRY_IDS * 40 + 512);

const uuid = z.guid(); // any 8-4-4-4-12 hex form, as postgres' uuid accepts
const feedPage = z.object({
  entries: z
    .array(
      z.object({
        cursor: z.string().regex(/^\d{1,19}\.\d{1,19}$/),
        topic: z.enum(CHANGE_TOPICS),
        entityId: uuid,
        memberIds: z.array(uuid).max(MAX_FEED_ENTRY_IDS),
        societyIds: z.array(uuid).max(MAX_FEED_ENTRY_IDS),
        data: z.record(z.string(), z.unknown()).refine((data) => Buffer.byteLength(JSON.stringify(data)) <= MAX_FEED_ENTRY_DATA_BYTES, `data is larger than ${MAX_FEED_ENTRY_DATA_BYTES} bytes`),
        createdAt: z.iso.datetime({ offset: true }),
      }),
    )
    .max(MAX_FEED_PAGE),
});

/** The change topics a subgraph's SDL owns: those of the live Subscription root fields it declares. */
export function topicsDeclaredBy(sdl: string): Set<ChangeTopic> {
  const topics = new Set<ChangeTopic>();
  let document;
  try {
    document = parse(sdl);
  } catch {
    return topics;
  }
  let root = "Subscription";
  for (const definition of document.definitions) {
    if (definition.kind === Kind.SCHEMA_DEFINITION || definition.kind === Kind.SCHEMA_EXTENSION) {
      root = definition.operationTypes?.find((operation) => operation.operation === "subscription")?.type.name.value ?? root;
    }
  }
  for (const definition of document.definitions) {
    if ((definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.OBJECT_TYPE_EXTENSION) && definition.name.value === root) {
      for (const field of definition.fields ?? []) {
        const topic = topicOfSubscriptionField(field.name.value);
        if (topic) topics.add(topic);
      }
    }
  }
  return topics;
}

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
  /** Each failing feed's last logged reason and when, so the same failure is logged once a minute at most. */
  private readonly loggedFailure = new Map<string, { reason: string; at: number }>();
  /** The topics each subgraph may announce, from the registry's newest supergraph version (parsed once per version). */
  private ownedTopics: { version: number; bySubgraph: Map<string, Set<ChangeTopic>> } | null = null;

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
      const owned = await this.topicsBySubgraph(tx);
      const pages = await Promise.all(subgraphs.map((subgraph) => this.read(subgraph.name, this.options.subgraphUrls?.[subgraph.name] ?? subgraph.url, subgraph.cursor ?? "0.0")));
      let added = 0;
      for (const [index, entries] of pages.entries()) {
        if (entries.length === 0) continue;
        const source = subgraphs[index]!.name;
        // A subgraph announces only the changes it owns: anything else would reach other societies' webhooks, signed by us.
        const topics = owned.get(source) ?? new Set<ChangeTopic>();
        const accepted = entries.filter((entry) => topics.has(entry.topic));
        if (accepted.length < entries.length) {
          this.failed(source, { refused: entries.length - accepted.length, topics: [...topics] }, "a subgraph's change feed announced changes of topics its SDL does not declare; they were dropped");
        }
        // Each source in a savepoint of its own: one feed the database refuses blocks only itself.
        await tx.execute(`savepoint feed_source`);
        try {
          added += await this.insert(tx, source, accepted);
          await tx.execute(`insert into feed_cursor (source, cursor) values (?, ?) on conflict (source) do update set cursor = excluded.cursor`, [source, entries.at(-1)!.cursor]);
          await tx.execute(`release savepoint feed_source`);
        } catch (error) {
          await tx.execute(`rollback to savepoint feed_source`);
          this.askAgainAt.set(source, Date.now() + FAILED_FEED_RETRY_MS);
          this.failed(source, { err: error }, "a subgraph's change feed could not be stored");
        }
      }
      if (added === 0) return 0;
      await tx.execute(`delete from change_event where id in (select id from change_event where created_at < now() - make_interval(secs => ?) limit 1000)`, [(REPLAY_WINDOW_MS * 1.5) / 1000]);
      await tx.execute(`select pg_notify(?, '')`, [CHANGES_CHANNEL]);
      return added;
    });
  }

  /** Adds one source's changes to the replay log and queues their webhook deliveries; returns how many. */
  private async insert(tx: Transaction, source: string, entries: FeedEntry[]): Promise<number> {
    if (entries.length === 0) return 0;
    const added = await tx.execute<{ first: string | null }[]>(
      `with added as (
         insert into change_event (source, topic, entity_id, member_ids, society_ids, data, changed_at)
         select ?, e.value->>'topic', (e.value->>'entityId')::uuid,
                array(select jsonb_array_elements_text(e.value->'memberIds'))::uuid[],
                array(select jsonb_array_elements_text(e.value->'societyIds'))::uuid[],
                e.value->'data', (e.value->>'createdAt')::timestamptz
           from jsonb_array_elements(?::jsonb) with ordinality as e(value, n) order by e.n
         returning id)
       select min(id)::text as first from added`,
      [source, JSON.stringify(entries)],
    );
    await fanOutToWebhooks(tx, added[0]!.first!);
    return entries.length;
  }

  /** Topics by subgraph name, per the newest published supergraph (re-read only when a new version is published). */
  private async topicsBySubgraph(tx: Transaction): Promise<Map<string, Set<ChangeTopic>>> {
    const [latest] = await tx.execute<{ version: number | null }[]>(`select max(version) as version from supergraph_version`);
    const version = latest?.version ?? -1;
    if (this.ownedTopics?.version !== version) {
      const [row] = await tx.execute<{ subgraphs: { name: string; sdl: string }[] }[]>(`select subgraphs from supergraph_version where version = ?`, [version]);
      this.ownedTopics = { version, bySubgraph: new Map((row?.subgraphs ?? []).map((subgraph) => [subgraph.name, topicsDeclaredBy(subgraph.sdl)])) };
    }
    return this.ownedTopics.bySubgraph;
  }

  /** Logs a feed's failure, the same one at most once a minute per subgraph. */
  private failed(subgraph: string, details: Record<string, unknown>, reason: string): void {
    const last = this.loggedFailure.get(subgraph);
    if (last?.reason === reason && Date.now() - last.at < FEED_FAILURE_LOG_MS) return;
    this.loggedFailure.set(subgraph, { reason, at: Date.now() });
    this.options.log.warn({ subgraph, ...details }, reason);
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
        this.failed(name, { status: response.status }, "a subgraph refused its change feed");
        return [];
      }
      // Capped and validated before anything is kept: the feed may be another society's, or hostile.
      const page = feedPage.safeParse(JSON.parse(await readCapped(response, MAX_FEED_PAGE_BYTES)));
      if (!page.success) throw new Error(`the page is not a valid change feed page: ${z.prettifyError(page.error).slice(0, 500)}`);
      return page.data.entries;
    } catch (error) {
      this.askAgainAt.set(name, Date.now() + FAILED_FEED_RETRY_MS);
      this.failed(name, { err: error }, "a subgraph's change feed could not be read");
      return [];
    }
  }
}

type Transaction = Parameters<Parameters<MikroORM["em"]["transactional"]>[0]>[0];

/** A delivery per change added from `firstId` on and per live endpoint that asked for its type and may hear of it. */
async function fanOutToWebhooks(tx: Transaction, firstId: string): Promise<void> {
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
