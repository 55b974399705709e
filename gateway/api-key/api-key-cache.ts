import pg from "pg";
import { BoundedMap } from "../../lib/bounded.js";
import type { Logger } from "../../lib/log.js";
import type { KeyHolder } from "./api-keys.js";

/**
 * Keys this gateway has recently authenticated, so a partner frontend's every request does not cost a
 * database round trip. It is only as fresh as what the gateway hears: a trigger announces every change
 * to api_key on channel `copnet_api_keys` (however it is made: CLI, SQL), and this cache LISTENs on a
 * connection of its own and forgets everything on each announcement. Until that connection is up, and
 * whenever it drops, the cache is bypassed — a revocation is never missed, only heard milliseconds after
 * it commits. Only keys found in the database are remembered (an unknown key never is), the least
 * recently used going first beyond `capacity`.
 */
export class ApiKeyCache {
  readonly callers: BoundedMap<string, KeyHolder>;
  private client: pg.Client | null = null;
  private stopped = false;
  /** Bumped by every announcement: a lookup that began before one must not be remembered after it. */
  private changes = 0;

  constructor(
    private readonly databaseUrl: string,
    private readonly log: Logger,
    capacity = 10_000,
  ) {
    this.callers = new BoundedMap("api_keys", { capacity });
  }

  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl, application_name: "copnet-api-key-listener" });
    client.on("notification", () => this.forget());
    client.on("error", (error) => this.lost(client, error));
    client.on("end", () => this.lost(client));
    try {
      await client.connect();
      await client.query("LISTEN copnet_api_keys");
      // Without the trigger (migrations not applied yet) nothing would be announced: stay bypassed.
      const trigger = await client.query("select 1 from pg_trigger where tgname = 'api_key_changed'");
      if (this.stopped || trigger.rowCount === 0) {
        if (!this.stopped) this.log.warn("api_key_changed trigger missing (run the migrations); API keys are not cached");
        client.removeAllListeners();
        return void (await client.end());
      }
      this.client = client;
    } catch (error) {
      this.lost(client, error);
    }
  }

  /** A remembered caller, or undefined: ask the database. */
  get(hash: string): KeyHolder | undefined {
    return this.client ? this.callers.get(hash) : undefined;
  }

  /** Call before the database lookup; hand the result to `remember`. */
  get version(): number {
    return this.changes;
  }

  remember(hash: string, caller: KeyHolder, version: number): void {
    if (!this.client || version !== this.changes) return;
    this.callers.set(hash, caller);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private forget(): void {
    this.changes++;
    this.callers.clear();
  }

  private readonly given = new WeakSet<pg.Client>();

  private lost(client: pg.Client, error?: unknown): void {
    // pg may report one failure twice (an error, then the end); a newer connection may already be up.
    if (this.given.has(client) || (this.client !== null && this.client !== client)) return;
    this.given.add(client);
    this.forget();
    this.client = null;
    client.removeAllListeners();
    client.on("error", () => undefined);
    void client.end().catch(() => undefined);
    if (this.stopped) return;
    this.log.warn({ err: error }, "API key announcements lost; authenticating every request against the database until they return");
    setTimeout(() => void this.start(), 1000).unref();
  }
}
