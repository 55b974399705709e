import { z } from "zod";
import { DEFAULT_PORTS, type SubgraphName, envPort, parseEnv, serviceDatabaseUrl, tokenSecretsSchema } from "./config.js";
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
      COPNET_TOKEN_SECRETS: tokenSecretsSchema,
      COPNET_GATEWAY_URL: z.url().default(`http://127.0.0.1:${DEFAULT_PORTS.gateway}`),
    });
    const server = await startSubgraph(module, {
      databaseUrl: serviceDatabaseUrl(module.name),
      port: env[`${upper}_PORT`] as number,
      host: env.HOST as string,
      tokenSecrets: env.COPNET_TOKEN_SECRETS as string[],
      gatewayUrl: env.COPNET_GATEWAY_URL as string,
    });
    console.log(`${module.name} subgraph ready at ${server.url}`);
    await untilSignal();
    await server.close();
  });
}
