import "reflect-metadata";
import { runMain, untilSignal } from "../lib/main.js";
import { startSubgraph } from "../lib/subgraph.js";
import { SUBGRAPHS } from "../subgraphs/index.js";
import type { SubgraphName } from "../lib/config.js";

/**
 * One subgraph as the benchmark runs it: the shipped server on the benchmark's database, plus a count of
 * the SQL statements it sends, which the benchmark asks for over IPC (`{ sql: true }` → `{ sql: n }`).
 * It verifies service tokens with the public keys in a JWKS file (the benchmark's gateways come and go) and
 * looks up member access at the benchmark's own copnet gateway.
 * Args: <name> <databaseUrl> <jwksFile> <gatewayUrl>.
 */
runMain(async () => {
  const [name, databaseUrl, jwksFile, gatewayUrl] = process.argv.slice(2) as [SubgraphName, string, string, string];
  let statements = 0;
  const server = await startSubgraph(SUBGRAPHS[name], {
    databaseUrl,
    port: 0,
    gatewayUrl,
    jwksFile,
    onQuery: () => statements++,
  });
  process.on("message", () => process.send?.({ sql: statements }));
  console.log(`${name} subgraph ready at ${server.url}`);
  await untilSignal();
  process.disconnect?.();
  await server.close();
});
