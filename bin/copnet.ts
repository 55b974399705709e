import { parseArgs } from "node:util";
import { runMain } from "../lib/main.js";
import { serviceDatabaseUrl } from "../lib/config.js";
import { composeFromCode, writeSchemaFiles } from "../gateway/compose-from-code.js";
import { readSupergraphConfig } from "../gateway/supergraph.js";
import { prepareDatabases } from "../seed/prepare.js";
import { KEY_HELP, keyCommand } from "./keys.js";
import { REGISTRY_HELP, registryCommand } from "./registry.js";
import { startNetwork } from "./start.js";
import { TOKEN_HELP, tokenCommand } from "./tokens.js";

const HELP = `copnet — the federated directory of medical-education societies

Usage: copnet <command> [options]

Commands:
  start                 start PostgreSQL (embedded unless DATABASE_URL is set), migrate, seed the demo
                        network on first start, then the four subgraphs and the gateway
  migrate               create missing databases and apply pending migrations (needs DATABASE_URL)
  seed [--members N]    migrate, then seed a generated network of N members (default 320) into
                        databases that are still empty (needs DATABASE_URL; pick a fresh set with
                        COPNET_DATABASE_PREFIX, e.g. COPNET_DATABASE_PREFIX=copnet_bench)
  compose               print each subgraph's SDL from code and compose schema/supergraph.graphql
${KEY_HELP}
${TOKEN_HELP}
${REGISTRY_HELP}
  help                  show this text

Commands that touch a database use DATABASE_URL (or <SERVICE>_DATABASE_URL); key and token commands
fall back to the embedded PostgreSQL of a running \`npm start\`.
`;

runMain(async () => {
  const [command = "help", ...rest] = process.argv.slice(2);
  switch (command) {
    case "start":
      return startNetwork();
    case "migrate":
      await prepareDatabases({ databaseUrl: (service) => serviceDatabaseUrl(service), seed: false, log: console.log });
      return;
    case "seed": {
      const { values } = parseArgs({ args: rest, options: { members: { type: "string", default: "320" } } });
      const members = Number(values.members);
      if (!Number.isInteger(members) || members < 10) throw new Error("--members must be a whole number of at least 10");
      const started = Date.now();
      await prepareDatabases({
        databaseUrl: (service) => serviceDatabaseUrl(service),
        seed: true,
        members,
        log: console.log,
        progress: (line) => process.stderr.write(`\r${line}   `),
      });
      console.log(`\nseeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return;
    }
    case "compose": {
      const written = await writeSchemaFiles(composeFromCode(await readSupergraphConfig()));
      console.log(`wrote ${written.join(", ")}`);
      return;
    }
    case "key":
      return keyCommand(rest);
    case "token":
      return tokenCommand(rest);
    case "subgraph":
    case "supergraph":
    case "webhook":
      return registryCommand(command, rest);
    case "help":
    case "--help":
    case "-h":
      console.log(HELP);
      return;
    default:
      throw new Error(`unknown command "${command}"\n\n${HELP}`);
  }
});

