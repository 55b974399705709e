import "reflect-metadata";
import { runMain, untilSignal } from "../lib/main.js";
import { startSubgraph } from "../lib/subgraph.js";
import { SUBGRAPHS } from "../subgraphs/index.js";
import { gatewayUrlEnv, parseEnv, type SubgraphName } from "../lib/config.js";

/**
 * One subgraph as the benchmark runs it: the shipped server on the benchmark's database, plus a count of
 * the SQL statements it sends, which the benchmark asks for over IPC (`{ sql: true }` → `{ sql: n }`).
 * It verifies service tokens with the public keys in a JWKS file (the benchmark's gateways come and go).
 * Args: <name> <databaseUrl> <jwksFile>.
 */
runMain(async () => {
  const [name, databaseUrl, jwksFile] = process.argv.slice(2) as [SubgraphName, string, string];
  const env = parseEnv({ COPNET_GATEWAY_URL: gatewayUrlEnv });
  let statements = 0;
  const server = await startSubgraph(SUBGRAPHS[name], {
    databaseUrl,
    port: 0,
    gatewayUrl: env.COPNET_GATEWAY_URL,
    jwksFile,
    onQuery: () => statements++,
  });
  process.on("message", () => process.send?.({ sql: statements }));
  console.log(`${name} subgraph ready at ${server.url}`);
  await untilSignal();
  process.disconnect?.();
  await server.close();
});
