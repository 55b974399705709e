import "reflect-metadata";
import { z } from "zod";
import { DEFAULT_PORTS, SUBGRAPH_NAMES, envPort, parseEnv, serviceDatabaseUrl, tokenSecretsSchema } from "../lib/config.js";
import { runMain, untilSignal } from "../lib/main.js";
import { startGateway } from "./server.js";
import { readSupergraphConfig, readSupergraphSdl } from "./supergraph.js";

runMain(async () => {
  const env = parseEnv({
    GATEWAY_PORT: envPort(DEFAULT_PORTS.gateway),
    HOST: z.string().default("127.0.0.1"),
    COPNET_TOKEN_SECRETS: tokenSecretsSchema,
    ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [`${name.toUpperCase()}_URL`, z.url().optional()])),
  });
  const config = await readSupergraphConfig();
  const subgraphUrls = Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => [name, ((env as Record<string, unknown>)[`${name.toUpperCase()}_URL`] as string | undefined) ?? config.subgraphs[name].url]),
  );
  const server = await startGateway({
    databaseUrl: serviceDatabaseUrl("gateway"),
    port: env.GATEWAY_PORT,
    host: env.HOST,
    supergraphSdl: await readSupergraphSdl(),
    subgraphUrls,
    tokenSecret: env.COPNET_TOKEN_SECRETS[0]!,
  });
  console.log(`gateway ready at ${server.url}`);
  await untilSignal();
  await server.close();
});
