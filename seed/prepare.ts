import { SUBGRAPH_NAMES, type ServiceName } from "../lib/config.js";
import { ensureDatabase, migrate, openDatabase } from "../lib/database.js";
import { gatewayDatabase } from "../gateway/database.js";
import { SUBGRAPHS } from "../subgraphs/index.js";
import { buildDemoNetwork } from "./demo-network.js";
import { seedSubgraph } from "./seed.js";

export const SERVICES: ServiceName[] = ["gateway", ...SUBGRAPH_NAMES];

export interface PrepareOptions {
  /** Database URL of each service. */
  databaseUrl: (service: ServiceName) => string;
  /** Seed the demo network into empty databases. */
  seed: boolean;
  /** Only these services (default: all) — one Kubernetes init container migrates its own service's database. */
  services?: ServiceName[];
  /** Members to generate (default: the demo network's 320). */
  members?: number;
  log?: (line: string) => void;
  progress?: (line: string) => void;
}

/**
 * Creates each service's database if missing (one after another: parallel CREATE DATABASE races),
 * applies pending migrations and, when asked, seeds the demo network into databases that are empty.
 * Returns whether anything was seeded (first start).
 */
export async function prepareDatabases(options: PrepareOptions): Promise<boolean> {
  const log = options.log ?? (() => undefined);
  const network = options.seed ? buildDemoNetwork(options.members) : null;
  let seeded = false;
  for (const service of options.services ?? SERVICES) {
    const url = options.databaseUrl(service);
    if (await ensureDatabase(url)) log(`created database for ${service}`);
    const definition = service === "gateway" ? gatewayDatabase : SUBGRAPHS[service];
    const orm = await openDatabase({ url, entities: definition.entities, migrations: definition.migrations });
    try {
      const applied = await migrate(orm);
      if (applied.length) log(`${service}: applied ${applied.join(", ")}`);
      if (network && service !== "gateway") {
        const rows = await seedSubgraph(orm, SUBGRAPHS[service], network, { onlyIfEmpty: true, progress: options.progress });
        if (rows) {
          seeded = true;
          log(`${service}: seeded ${rows} demo rows`);
        }
      }
    } finally {
      await orm.close();
    }
  }
  return seeded;
}
