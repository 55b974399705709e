import "reflect-metadata";
import { runMain, untilSignal } from "../lib/main.js";
import { startSubgraph } from "../lib/subgraph.js";
import { SUBGRAPHS } from "../subgraphs/index.js";
import type { SubgraphName } from "../lib/config.js";

/**
 * One subgraph as the benchmark runs it: the shipped server on the benchmark's database, plus a count of
 * the SQL statements it sends, which the benchmark asks for over IPC (`{ sql: true }` → `{ sql: n }`).
 * Args: <name> <databaseUrl> <tokenSecret> <gatewayUrl>.
 */
runMain(async () => {
  const [name, databaseUrl, secret, gatewayUrl] = process.argv.slice(2) as [SubgraphName, string, string, string];
  let statements = 0;
  const server = await startSubgraph(SUBGRAPHS[name], {
    databaseUrl,
    port: 0,
    tokenSecrets: [secret],
    gatewayUrl,
    onQuery: () => statements++,
  });
  process.on("message", () => process.send?.({ sql: statements }));
  console.log(`${name} subgraph ready at ${server.url}`);
  await untilSignal();
  process.disconnect?.();
  await server.close();
});
