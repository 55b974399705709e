import { ApolloGateway, RemoteGraphQLDataSource } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { runMain } from "../../lib/main.js";
import { comparisonSetup } from "./caller.js";

/** Stock @apollo/gateway in @apollo/server 5 with default settings, plus the service token the subgraphs require. */
runMain(async () => {
  const { supergraphSdl, tokens, caller } = await comparisonSetup();
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) =>
      new (class extends RemoteGraphQLDataSource {
        override async willSendRequest({ request }: Parameters<RemoteGraphQLDataSource["willSendRequest"] & {}>[0]) {
          request.http?.headers.set("authorization", `Bearer ${await tokens.get(caller, name)}`);
        }
      })({ url }),
  });
  const server = new ApolloServer({ gateway });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: "127.0.0.1" } });
  console.log(`stock gateway ready at ${url}`);
});
