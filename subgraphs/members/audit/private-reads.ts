import type { MikroORM } from "@mikro-orm/postgresql";
import { envPositiveInt, parseEnv } from "../../../lib/config.js";
import type { Caller } from "../../../lib/identity.js";
import type { Logger } from "../../../lib/log.js";
import { PrivateRead, type PrivateField } from "./private-read.entity.js";

/** Rows waiting to be written: written when this many wait, else every FLUSH_MS. */
const FLUSH_AT = 500;
const FLUSH_MS = 250;
/** Beyond this (the database away for long), a further read is logged as unaudited instead of kept in memory. */
const MAX_PENDING = 20_000;
const PRUNE_EVERY_MS = 3600_000;

export const privateReadEnv = { COPNET_AUDIT_RETENTION_DAYS: envPositiveInt(365) };

/**
 * The audit of private reads, batched: a resolver that returns a private field records it here (one row per
 * request and member, its fields merged), and the rows go to `private_read` in one multi-row insert per
 * batch — a read costs a map update, not a write. Rows older than the retention are pruned hourly.
 */
export class PrivateReads {
  private readonly pending = new Map<string, PrivateRead>();
  private orm: MikroORM | null = null;
  private log: Logger | null = null;
  private retentionDays = 365;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private lastPrune = 0;

  /** With the subgraph's database (SubgraphModule.background); closing writes what still waits. */
  start(orm: MikroORM, log: Logger): { close(): Promise<void> } {
    this.orm = orm;
    this.log = log;
    this.retentionDays = parseEnv(privateReadEnv).COPNET_AUDIT_RETENTION_DAYS;
    this.lastPrune = 0;
    return { close: () => this.flush() };
  }

  record(context: { caller: Caller; requestId: string }, memberId: string, field: PrivateField): void {
    const key = `${context.requestId}\u0000${memberId}`;
    const row = this.pending.get(key);
    if (row) {
      if (!row.fields.includes(field)) row.fields.push(field);
      return;
    }
    if (this.pending.size >= MAX_PENDING) {
      this.log?.error({ memberId, field }, "private-read audit backlog full: a read went unaudited");
      return;
    }
    const { caller } = context;
    this.pending.set(key, { id: crypto.randomUUID(), memberId, keyId: caller.keyId, role: caller.role, societyId: caller.societyId, fields: [field], requestId: context.requestId.slice(0, 64), readAt: new Date() });
    if (this.pending.size >= FLUSH_AT) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS).unref();
  }

  /** Writes what waits (and prunes, at most hourly); one flush at a time. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write());
    return this.flushing;
  }

  private async write(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.orm || this.pending.size === 0) return;
    const rows = [...this.pending.values()];
    this.pending.clear();
    const em = this.orm.em.fork();
    try {
      await em.insertMany(PrivateRead, rows);
      if (Date.now() - this.lastPrune > PRUNE_EVERY_MS) {
        this.lastPrune = Date.now();
        await em.execute(`delete from private_read where read_at < now() - make_interval(days => ?)`, [this.retentionDays]);
      }
    } catch (error) {
      // Kept for the next flush: an audit row is not dropped because the database blinked.
      for (const row of rows) this.pending.set(`${row.requestId}\u0000${row.memberId}`, row);
      this.log?.warn({ err: error, rows: rows.length }, "could not write the private-read audit; will retry");
      this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS * 4).unref();
    }
  }
}

/** One per process, like the society statistics cache: every request's resolvers record into it. */
export const privateReads = new PrivateReads();
