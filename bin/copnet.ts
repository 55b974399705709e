import "reflect-metadata";
import { parseArgs } from "node:util";
import { runMain } from "../lib/main.js";
import { serviceDatabaseUrl, type ServiceName } from "../lib/config.js";
import { ADMIN_HELP, adminCommand } from "./admin.js";
import { ADMIN_CLIENT_HELP } from "./admin-client.js";
import { buildProduction } from "./build.js";
import { DOCUMENTS_HELP, documentsCommand } from "./documents.js";
import { KEY_HELP, keyCommand } from "./keys.js";
import { REGISTRY_HELP, registryCommand } from "./registry.js";
import { SOCIETY_HELP, societyCommand } from "./societies.js";
import { STATUS_HELP, statusCommand } from "./status.js";
import { TOKEN_HELP, tokenCommand } from "./tokens.js";

const HELP = `copnet — the federated directory of medical-education societies

Usage: copnet <command> [options]

Commands:
  start                 start PostgreSQL (embedded unless DATABASE_URL is set), migrate, seed the demo
                        network on first start, then the four subgraphs and the gateway
  migrate [--service S] create missing databases and apply pending migrations (needs DATABASE_URL), of
                        every service or only S (gateway, members, …; then only S_DATABASE_URL)
  seed [--members N]    migrate, then seed a generated network of N members (default 320) into
                        databases that are still empty (needs DATABASE_URL; pick a fresh set with
                        COPNET_DATABASE_PREFIX, e.g. COPNET_DATABASE_PREFIX=copnet_bench)
  compose               print each subgraph's SDL from code and compose schema/supergraph.graphql
  build                 compile the services to JavaScript under dist/ (what the Docker image runs:
                        node dist/gateway/main.js, node dist/subgraphs/<name>/main.js, node dist/bin/copnet.js)
${ADMIN_HELP}
  help                  show this text

${ADMIN_CLIENT_HELP}
${SOCIETY_HELP}
${KEY_HELP}
${TOKEN_HELP}
${REGISTRY_HELP}
${DOCUMENTS_HELP}
${STATUS_HELP}

migrate, seed and admin bootstrap use DATABASE_URL (or <SERVICE>_DATABASE_URL); admin bootstrap falls back
to the embedded PostgreSQL of a running \`npm start\`.
`;

runMain(async () => {
  const [command = "help", ...rest] = process.argv.slice(2);
  switch (command) {
    // Loaded on demand: these load every subgraph, which the operator commands talking to a gateway never need.
    case "start":
      return (await import("./start.js")).startNetwork();
    case "migrate": {
      const { SERVICES, prepareDatabases } = await import("../seed/prepare.js");
      const { values } = parseArgs({ args: rest, options: { service: { type: "string" } } });
      const service = values.service;
      if (service !== undefined && !SERVICES.includes(service as ServiceName)) throw new Error(`--service must be one of ${SERVICES.join(", ")}`);
      await prepareDatabases({ databaseUrl: (name) => serviceDatabaseUrl(name), seed: false, services: service ? [service as ServiceName] : undefined, log: console.log });
      return;
    }
    case "seed": {
      const { prepareDatabases } = await import("../seed/prepare.js");
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
      const { composeFromCode, writeSchemaFiles } = await import("./compose-from-code.js");
      const { readSupergraphConfig } = await import("../gateway/supergraph.js");
      const written = await writeSchemaFiles(composeFromCode(await readSupergraphConfig()));
      console.log(`wrote ${written.join(", ")}`);
      return;
    }
    case "build": {
      const started = Date.now();
      const files = await buildProduction();
      console.log(`compiled ${files.length} files into dist/ in ${Date.now() - started} ms`);
      return;
    }
    case "admin":
      return adminCommand(rest);
    case "society":
      return societyCommand(rest);
    case "status":
      return statusCommand(rest);
    case "key":
      return keyCommand(rest);

    case "token":
      return tokenCommand(rest);
    case "subgraph":
    case "supergraph":
    case "webhook":
      return registryCommand(command, rest);
    case "documents":
      return documentsCommand(rest);
    case "help":
    case "--help":
    case "-h":
      console.log(HELP);
      return;
    default:
      throw new Error(`unknown command "${command}"\n\n${HELP}`);
  }
});

