import type { MikroORM } from "@mikro-orm/postgresql";
import pg from "pg";
import type { Logger } from "../../lib/log.js";
import type { ChangeTopic } from "../../lib/outbox.js";
import { CHANGES_CHANNEL } from "./feed-puller.js";

/** How far back a reconnecting subscriber (`Last-Event-ID`) is guaranteed to be replayed. */
export const REPLAY_WINDOW_MS = 10 * 60_000;
const PAGE = 1000;

/** One change of the replay log, as subscribers see it. */
export interface LiveChange {
  /** Network-wide and increasing: the server-sent event id. */
  id: bigint;
  topic: ChangeTopic;
  entityId: string;
  data: Record<string, unknown>;
  changedAt: Date;
}

type Listener = (change: LiveChange) => void;

/**
 * This gateway's view of the replay log: it reads new changes as soon as a puller announces them (LISTEN
 * on a connection of its own, with a slow poll behind it in case an announcement is lost) and hands each,
 * in id order and once, to this gateway's subscribers. Each gateway delivers to its own subscribers.
 */
export class ChangeHub {
  private readonly listeners = new Set<Listener>();
  private last = 0n;
  private reading: Promise<void> | null = null;
  private again = false;
  private client: pg.Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly orm: MikroORM,
    private readonly databaseUrl: string,
    private readonly fallbackPollMs: number,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    const [row] = await this.orm.em.fork().execute<{ last: string | null }[]>(`select max(id)::text as last from change_event`);
    this.last = BigInt(row?.last ?? 0);
    await this.listen();
    this.timer = setInterval(() => this.wake(), this.fallbackPollMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.client?.end().catch(() => undefined);
    await this.reading;
  }

  /** Calls `listener` with every change from now on; returns the unsubscribe. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get subscribers(): number {
    return this.listeners.size;
  }

  /** The changes after `afterId` still in the replay log, oldest first, up to `upToId`. */
  async replay(afterId: bigint, upToId: bigint, topic: ChangeTopic): Promise<LiveChange[]> {
    const rows = await this.orm.em.fork().execute<Row[]>(
      `select id::text, topic, entity_id, data, changed_at from change_event where id > ? and id <= ? and topic = ? and created_at > now() - make_interval(secs => ?) order by id limit 10000`,
      [afterId.toString(), upToId.toString(), topic, REPLAY_WINDOW_MS / 1000],
    );
    return rows.map(toChange);
  }

  /** The highest change id this gateway has handed out. */
  get position(): bigint {
    return this.last;
  }

  private wake(): void {
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = this.readNew()
      .catch((error: unknown) => this.log.warn({ err: error }, "reading the replay log failed"))
      .finally(() => {
        this.reading = null;
        if (this.again && !this.stopped) {
          this.again = false;
          this.wake();
        }
      });
  }

  private async readNew(): Promise<void> {
    for (;;) {
      const rows = await this.orm.em.fork().execute<Row[]>(`select id::text, topic, entity_id, data, changed_at from change_event where id > ? order by id limit ${PAGE}`, [this.last.toString()]);
      for (const change of rows.map(toChange)) {
        this.last = change.id;
        for (const listener of this.listeners) listener(change);
      }
      if (rows.length < PAGE) return;
    }
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl, application_name: "copnet-change-listener" });
    const lost = (error?: unknown) => {
      if (this.client !== client) return;
      this.client = null;
      client.removeAllListeners();
      client.on("error", () => undefined);
      void client.end().catch(() => undefined);
      if (this.stopped) return;
      this.log.warn({ err: error }, "change announcements lost; polling the replay log until they return");
      setTimeout(() => void this.listen(), 1000).unref();
    };
    client.on("notification", () => this.wake());
    client.on("error", lost);
    client.on("end", () => lost());
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGES_CHANNEL}`);
    } catch (error) {
      lost(error);
    }
  }
}

interface Row {
  id: string;
  topic: ChangeTopic;
  entity_id: string;
  data: Record<string, unknown>;
  changed_at: Date;
}

const toChange = (row: Row): LiveChange => ({ id: BigInt(row.id), topic: row.topic, entityId: row.entity_id, data: row.data, changedAt: new Date(row.changed_at) });
