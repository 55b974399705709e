import type { MikroORM } from "@mikro-orm/postgresql";
import type { SubgraphModule } from "../lib/subgraph.js";
import type { DemoNetwork } from "./demo-network.js";

const BATCH = 2000;

/**
 * Inserts one subgraph's slice of the network (its module's `seed`) in one transaction, in batches. With
 * `onlyIfEmpty` a database that already has rows in its first table is left alone, so restarts never reseed.
 */
export async function seedSubgraph(
  orm: MikroORM,
  module: Pick<SubgraphModule<unknown>, "name" | "seed">,
  network: DemoNetwork,
  options: { onlyIfEmpty: boolean; progress?: (line: string) => void },
): Promise<number> {
  const slice = module.seed?.(network) ?? [];
  if (slice.length === 0) return 0;
  const em = orm.em.fork();
  if (options.onlyIfEmpty && (await em.count(slice[0]![0], {})) > 0) return 0;
  let inserted = 0;
  const total = slice.reduce((sum, [, rows]) => sum + rows.length, 0);
  await em.transactional(async (tx) => {
    for (const [entity, rows] of slice) {
      for (let start = 0; start < rows.length; start += BATCH) {
        await tx.insertMany(entity, rows.slice(start, start + BATCH) as object[]);
        inserted += Math.min(BATCH, rows.length - start);
        options.progress?.(`${module.name}: ${inserted}/${total} rows`);
      }
    }
  });
  return inserted;
}
