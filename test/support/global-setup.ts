import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../../bin/embedded-postgres.js";
import { freePort } from "./ports.js";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

/**
 * Uses DATABASE_URL when set; otherwise one embedded PostgreSQL for the whole run, in a temp folder, with room
 * for the connections of two test files' networks at once (each service keeps a pool and listeners).
 */
export default async function setup(project: TestProject) {
  if (process.env.DATABASE_URL) {
    project.provide("databaseUrl", process.env.DATABASE_URL);
    return;
  }
  const dataDir = await mkdtemp(join(tmpdir(), "copnet-test-pg-"));
  const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), persistent: false, maxConnections: 400 });
  project.provide("databaseUrl", server.url);
  return async () => {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
