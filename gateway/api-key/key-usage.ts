import type { MikroORM } from "@mikro-orm/postgresql";
import { BoundedMap } from "../../lib/bounded.js";
import type { Logger } from "../../lib/log.js";

/** A key's last use is written at most this often per gateway: `key list` needs the day, not the request. */
const WRITE_EVERY_MS = 60_000;

/** Records when each key was last used (api_key_use), one write per key and minute, off the request's path. */
export class KeyUsage {
  /** When this gateway last wrote each key's use; only authenticated keys get here. */
  readonly written: BoundedMap<string, number>;

  constructor(
    private readonly orm: MikroORM,
    private readonly log: Logger,
    capacity: number,
  ) {
    this.written = new BoundedMap("api_key_uses", { capacity });
  }

  used(keyId: string): void {
    const now = Date.now();
    if (now - (this.written.get(keyId) ?? 0) < WRITE_EVERY_MS) return;
    this.written.set(keyId, now);
    this.orm.em
      .getConnection()
      .execute(`insert into api_key_use (key_id, last_used_at) values (?, ?) on conflict (key_id) do update set last_used_at = excluded.last_used_at`, [keyId, new Date(now)])
      .catch((error: unknown) => {
        this.written.delete(keyId);
        this.log.warn({ err: error }, "could not record an API key's use");
      });
  }
}
