import { Migrator } from "@mikro-orm/migrations";
import { MikroORM, type EntityManager, type EntitySchema } from "@mikro-orm/postgresql";
import type { LogContext, Logger, MigrationObject } from "@mikro-orm/core";
import { UniqueConstraintViolationException } from "@mikro-orm/core";
import pg from "pg";
import { conflict } from "./errors.js";
import { recordQuerySpan, tracingEnabled } from "./tracing.js";

export type { EntityManager };

/**
 * Rows that a read-only loader selected itself (`select m.* …`, straight from pg, not JSON), as instances of
 * their entity class with MikroORM's column mapping but outside the identity map: nothing tracks them, so they
 * must never be changed and flushed. `em.map` also registers every entity for change tracking, which cost 49 µs a
 * member against 14 µs here, and was most of the members subgraph's CPU when a claim lookup named 200 members.
 */
export function readOnlyEntities<T extends object>(em: EntityManager, entity: abstract new () => T, rows: Record<string, unknown>[]): T[] {
  const meta = em.getMetadata().get(entity);
  // Relations would need the identity map (a reference to load later); such entities go through em.map.
  if (meta.relations.length > 0) throw new Error(`readOnlyEntities: ${meta.className} has relations`);
  const driver = em.getDriver();
  return rows.map((row) => {
    const instance = Object.create(entity.prototype) as Record<string, unknown>;
    // Only the entity's own properties: extra selected columns (a JSON aggregate) stay on the row.
    for (const [key, value] of Object.entries(driver.mapResult(row, meta) ?? {})) if (key in meta.properties) instance[key] = value;
    return instance as T;
  });
}

/**
 * A write guarded by a unique index that a repeat, or a concurrent request, may reach first: that violation is the
 * client's CONFLICT with `message` (naming `field`), not a server error, and the write changes nothing.
 */
export async function conflictOnDuplicate<T>(write: () => Promise<T>, message: string, field: string): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) throw conflict(message, { field });
    throw error;
  }
}

export interface DatabaseOptions {
  url: string;
  entities: EntitySchema[];
  migrations: MigrationObject[];
  /** Called once per SQL statement sent; tests and benchmarks count statements with it. */
  onQuery?: (sql: string) => void;
  poolSize?: number;
  /**
   * PostgreSQL cancels any statement of this pool that runs longer (`statement_timeout`, lock waits
   * included). Set on the services' runtime pools only: migrations and seeding may rightly take longer.
   */
  statementTimeoutMs?: number;
}

/**
 * Opens a service's database through MikroORM. `allowGlobalContext: false` makes any use of the
 * global EntityManager fail loudly: every request works on its own `orm.em.fork()`.
 */
export async function openDatabase(options: DatabaseOptions): Promise<MikroORM> {
  return MikroORM.init({
    clientUrl: options.url,
    entities: options.entities,
    extensions: [Migrator],
    migrations: { migrationsList: options.migrations, snapshot: false, transactional: true, allOrNothing: true },
    allowGlobalContext: false,
    pool: { max: options.poolSize ?? 10 },
    // Merged into pg's pool options; pg sends it as a start-up parameter of every connection.
    ...(options.statementTimeoutMs ? { driverOptions: { statement_timeout: options.statementTimeoutMs } } : {}),
    // Queries reach the logger below only when someone counts them (tests, benchmarks) or traces them:
    // formatting every statement for nobody would cost on every request.
    debug: options.onQuery || tracingEnabled() ? ["query"] : false,
    loggerFactory: () => queryLogger(options.onQuery),
  });
}

function queryLogger(onQuery: ((sql: string) => void) | undefined): Logger {
  return {
    log: () => undefined,
    warn: (namespace, message) => console.warn(`[${namespace}] ${message}`),
    error: (namespace, message) => console.error(`[${namespace}] ${message}`),
    logQuery: (context: LogContext) => {
      if (!context.query) return;
      onQuery?.(context.query);
      recordQuerySpan(context.query, context.took);
    },
    setDebugMode: () => undefined,
    isEnabled: (namespace) => namespace === "query",
  };
}

/** Key of the advisory lock migrations run under (advisory locks are per database: one per service). */
const MIGRATION_LOCK = 4_242_001;

/**
 * Applies every committed migration not yet applied; returns the names it ran. Under a session advisory
 * lock on its own connection, so that replicas migrating at once (one init container per pod) run them one
 * after another: the later ones wait, then find nothing pending.
 */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const lock = new pg.Client({ connectionString: orm.config.get("clientUrl") });
  await lock.connect();
  try {
    await lock.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
    const applied = await orm.migrator.up();
    return applied.map((migration) => migration.name);
  } finally {
    // Ending the session releases the lock, also when a migration failed.
    await lock.end();
  }
}

/**
 * Creates the database named in `url` on its server unless it exists. Runs `CREATE DATABASE` through the
 * server's maintenance database; callers create databases one after another (parallel creates race).
 */
export async function ensureDatabase(url: string): Promise<boolean> {
  // A database that takes a connection exists: the usual case, and the only check a service's own role can
  // pass where it may not use the maintenance database (managed PostgreSQL, a CloudNativePG app role).
  const probe = new pg.Client({ connectionString: url });
  try {
    await probe.connect();
    return false;
  } catch (error) {
    if ((error as { code?: string }).code !== "3D000") throw error; // 3D000: no such database
  } finally {
    await probe.end().catch(() => undefined);
  }
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new pg.Client({ connectionString: maintenanceUrl(url) });
  await admin.connect();
  try {
    const existing = await admin.query("select 1 from pg_database where datname = $1", [name]);
    if (existing.rowCount) return false;
    await admin.query(`create database ${quoteIdentifier(name)}`);
    return true;
  } finally {
    await admin.end();
  }
}

export async function dropDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const admin = new pg.Client({ connectionString: maintenanceUrl(url) });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${quoteIdentifier(name)} with (force)`);
  } finally {
    await admin.end();
  }
}

function maintenanceUrl(url: string): string {
  const server = new URL(url);
  server.pathname = "/postgres";
  return server.toString();
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Readiness of a service's database: reachable, and every committed migration applied. */
export async function databaseReadiness(orm: MikroORM): Promise<Record<string, boolean>> {
  try {
    await orm.em.fork().execute("select 1");
  } catch {
    return { database: false, migrations: false };
  }
  try {
    return { database: true, migrations: (await orm.migrator.getPending()).length === 0 };
  } catch {
    return { database: true, migrations: false };
  }
}
