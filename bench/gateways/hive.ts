import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createGatewayRuntime } from "@graphql-hive/gateway-runtime";
import { runMain } from "../../lib/main.js";
import { comparisonSetup } from "./caller.js";

/** Hive Gateway's runtime with its defaults on the same supergraph, plus the service token the subgraphs require. */
runMain(async () => {
  const { supergraphSdl, tokens, caller } = await comparisonSetup();
  // The token's audience is the subgraph's name; the supergraph's join__graph directives map URL → name.
  const names = new Map([...supergraphSdl.matchAll(/@join__graph\(name: "([^"]+)", url: "([^"]+)"\)/g)].map(([, name, url]) => [url!, name!]));
  const gateway = createGatewayRuntime({
    supergraph: supergraphSdl,
    logging: "warn",
    plugins: () => [
      {
        async onFetch({ url, options, setOptions }) {
          const audience = names.get(url);
          if (!audience) return;
          const headers = { ...(options.headers as Record<string, string>), authorization: `Bearer ${await tokens.get(caller, audience)}` };
          setOptions({ ...options, headers });
        },
      },
    ],
  });
  const server = createServer(gateway);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  console.log(`hive gateway ready at http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`);
});
