import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../../bin/embedded-postgres.js";
import { freePort } from "./ports.js";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    /** Name prefix of this run's template databases (test/support/network.ts), dropped at the end of the run. */
    databaseTemplates: string;
  }
}

/**
 * Uses DATABASE_URL when set; otherwise one embedded PostgreSQL for the whole run, in a temp folder, with room
 * for the connections of two test files' networks at once (each service keeps a pool and listeners).
 */
export default async function setup(project: TestProject) {
  const templates = `tpl${randomBytes(4).toString("hex")}`;
  project.provide("databaseTemplates", templates);
  if (process.env.DATABASE_URL) {
    const url = process.env.DATABASE_URL;
    project.provide("databaseUrl", url);
    return () => dropTemplates(url, templates);
  }
  const dataDir = await mkdtemp(join(tmpdir(), "copnet-test-pg-"));
  const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), persistent: false, maxConnections: 400 });
  project.provide("databaseUrl", server.url);
  return async () => {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}

/** Drops the run's template databases from a server that outlives the run (DATABASE_URL). */
async function dropTemplates(serverUrl: string, templates: string): Promise<void> {
  const url = new URL(serverUrl);
  url.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>("select datname from pg_database where starts_with(datname, $1)", [`${templates}_`]);
    for (const { datname } of rows) {
      const quoted = `"${datname.replaceAll('"', '""')}"`;
      await admin.query(`alter database ${quoted} is_template false`);
      await admin.query(`drop database if exists ${quoted} with (force)`);
    }
  } finally {
    await admin.end();
  }
}
