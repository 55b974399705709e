import { z } from "zod";
import { DEFAULT_PORTS, type SubgraphName, envPort, gatewayUrlEnv, metricsPortEnv, parseEnv, serviceDatabaseUrl, statementTimeoutEnv } from "./config.js";
import { runMain, untilSignal } from "./main.js";
import { startSubgraph, type SubgraphModule } from "./subgraph.js";
import { startTracing } from "./tracing.js";

/**
 * The whole `main` of a subgraph process: configuration from the environment, listen, stop on a signal.
 * A subgraph federated later (not one of the four) names its own default port.
 */
export function runSubgraph<TLoaders>(module: SubgraphModule<TLoaders>, defaultPort = DEFAULT_PORTS[module.name as SubgraphName]): void {
  runMain(async () => {
    startTracing(module.name);
    const upper = module.name.toUpperCase();
    const env = parseEnv({
      [`${upper}_PORT`]: envPort(defaultPort),
      HOST: z.string().default("127.0.0.1"),
      COPNET_GATEWAY_URL: gatewayUrlEnv,
      COPNET_JWKS_FILE: z.string().min(1).optional(),
      ...statementTimeoutEnv,
      ...metricsPortEnv,
    });
    const server = await startSubgraph(module, {
      databaseUrl: serviceDatabaseUrl(module.name),
      port: (env as Record<string, unknown>)[`${upper}_PORT`] as number,
      host: env.HOST as string,
      gatewayUrl: env.COPNET_GATEWAY_URL as string,
      jwksFile: env.COPNET_JWKS_FILE as string | undefined,
      statementTimeoutMs: env.COPNET_STATEMENT_TIMEOUT_MS as number,
      metricsPort: env.COPNET_METRICS_PORT as number | undefined,
    });
    console.log(`${module.name} subgraph ready at ${server.url}`);
    await untilSignal();
    await server.close();
  });
}
