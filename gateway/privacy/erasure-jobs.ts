import type { MikroORM } from "@mikro-orm/postgresql";
import { eraseFromReplayLog } from "../live/change-event.entity.js";
import { envPositiveInt } from "../../lib/config.js";
import type { Logger } from "../../lib/log.js";
import { HolderUnavailable, type MemberDataFanOut } from "./fan-out.js";

export interface ErasureRetry {
  /** How often a gateway looks for due erasure jobs (another gateway's, or retries). */
  pollMs: number;
  /** The first retry after a failure; doubled with each further failure… */
  backoffMs: number;
  /** …up to this. */
  maxBackoffMs: number;
  /** Deadline of one call to a subgraph's contract (export or erasure); default the subgraph fetch deadline. */
  timeoutMs?: number;
}

export const DEFAULT_ERASURE_RETRY: ErasureRetry = { pollMs: 1000, backoffMs: 1000, maxBackoffMs: 5 * 60_000 };

export const erasureEnv = {
  COPNET_ERASURE_POLL_MS: envPositiveInt(DEFAULT_ERASURE_RETRY.pollMs),
  COPNET_ERASURE_BACKOFF_MS: envPositiveInt(DEFAULT_ERASURE_RETRY.backoffMs),
  COPNET_ERASURE_MAX_BACKOFF_MS: envPositiveInt(DEFAULT_ERASURE_RETRY.maxBackoffMs),
};

/** Jobs one gateway claims at a time; the rest stay for other gateways (or its next round). */
const CLAIM = 8;
/** The subgraph whose erasure goes first: the directory, without which no member can be written about. */
const DIRECTORY = "members";

interface ClaimedJob {
  request_id: string;
  subgraph: string;
  attempts: number;
  member_id: string | null;
}

/**
 * Works off erasure receipts still PENDING: each is one subgraph's part of one erasure. Any number of
 * gateways share the table: a job is claimed with `for update skip locked` and its `next_attempt_at` pushed
 * past the call's deadline (a lease), so no two gateways call the same subgraph for it at once and a gateway
 * that dies mid-call leaves the job to be claimed again. A failure retries with exponential backoff until the
 * subgraph acknowledges; the request completes (and forgets the member id) when its last receipt does.
 */
export class ErasureJobs {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly orm: MikroORM,
    private readonly fanOut: MemberDataFanOut,
    private readonly retry: ErasureRetry,
    private readonly leaseMs: number,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.wake(), this.retry.pollMs);
    this.timer.unref();
  }

  stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    return this.running ?? Promise.resolve();
  }

  /** Works off what is due now; a call while a round runs makes it look again when done. */
  wake(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.rounds().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async rounds(): Promise<void> {
    do {
      this.again = false;
      try {
        const jobs = await this.claim();
        await Promise.all(jobs.map((job) => this.work(job)));
        if (jobs.length === CLAIM) this.again = true;
      } catch (error) {
        // The database is away: the jobs stay and the next poll tries again.
        this.log.warn({ err: error }, "could not work off erasure jobs");
      }
    } while (this.again && this.timer);
  }

  private claim(): Promise<ClaimedJob[]> {
    return this.orm.em.fork().execute<ClaimedJob[]>(
      `update erasure_receipt r set attempts = r.attempts + 1, next_attempt_at = now() + make_interval(secs => ?)
         from (select request_id, subgraph from erasure_receipt e where status = 'PENDING' and next_attempt_at <= now()
                  -- The directory entry goes first: from then on no subgraph accepts a new write naming the member
                  -- (each checks member access), so nothing lands where the erasure has already been.
                  and (subgraph = ? or not exists (select 1 from erasure_receipt d where d.request_id = e.request_id and d.subgraph = ? and d.status <> 'COMPLETED'))
                order by next_attempt_at limit ? for update skip locked) due, erasure_request q
        where r.request_id = due.request_id and r.subgraph = due.subgraph and q.id = r.request_id
        returning r.request_id, r.subgraph, r.attempts, q.member_id`,
      [this.leaseMs / 1000, DIRECTORY, DIRECTORY, CLAIM],
    );
  }

  private async work(job: ClaimedJob): Promise<void> {
    const em = this.orm.em.fork();
    const holder = this.fanOut.holders().find((candidate) => candidate.name === job.subgraph);
    try {
      if (!job.member_id) throw new Error("the request no longer names its member");
      if (!holder) throw new HolderUnavailable(job.subgraph, "SUBGRAPH_UNAVAILABLE");
      const records = await this.fanOut.erase(holder, job.member_id, job.request_id);
      await em.execute(`update erasure_receipt set status = 'COMPLETED', completed_at = now(), records = ? where request_id = ? and subgraph = ?`, [JSON.stringify(records), job.request_id, job.subgraph]);
      // After each subgraph: its outbox rows may have been pulled into the replay log before it erased them.
      await eraseFromReplayLog(em, job.member_id);
      await em.execute(
        `update erasure_request set status = 'COMPLETED', completed_at = now(), member_id = null
          where id = ? and status = 'PENDING' and not exists (select 1 from erasure_receipt where request_id = ? and status = 'PENDING')`,
        [job.request_id, job.request_id],
      );
    } catch (error) {
      const backoffMs = Math.min(this.retry.maxBackoffMs, this.retry.backoffMs * 2 ** (job.attempts - 1));
      await em.execute(`update erasure_receipt set next_attempt_at = now() + make_interval(secs => ?) where request_id = ? and subgraph = ?`, [backoffMs / 1000, job.request_id, job.subgraph]);
      this.log.warn({ erasureRequest: job.request_id, service: job.subgraph, attempts: job.attempts, retryInMs: backoffMs, reason: error instanceof Error ? error.message : String(error) }, "erasure not acknowledged; will retry");
    }
  }
}
