import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { z } from "zod";
import { DEFAULT_PORTS, GATEWAY_NODE_FLAGS, SUBGRAPH_NAMES, databaseUrlOn, envPort, parseEnv, type ServiceName } from "../lib/config.js";
import { openDatabase } from "../lib/database.js";
import { startEmbeddedPostgres, type EmbeddedServer } from "./embedded-postgres.js";
import { untilSignal } from "../lib/main.js";
import { Supervisor } from "./service-process.js";
import { createApiKey } from "../gateway/api-key/api-keys.js";
import { gatewayDatabase } from "../gateway/database.js";
import { describeReport } from "../gateway/registry/checks.js";
import { RegistryRefusal, bootstrapRegistry, publishSubgraph } from "../gateway/registry/registry.js";
import { readSupergraphConfig, shippedSubgraphs } from "../gateway/supergraph.js";
import { DEFAULT_LIMITS } from "../gateway/limits.js";
import { publishTrustedDocuments, setSocietyOrigins } from "../gateway/partner-web/trusted-documents.js";
import { MANIFEST } from "../examples/partner-site/build.js";
import { DEMO_SITE } from "../examples/partner-site/server.js";
import { DEMO_SOCIETIES } from "../seed/demo-network.js";
import { prepareDatabases } from "../seed/prepare.js";

interface DevState {
  /** Development keys, kept in clear text only in this local, git-ignored file. */
  keys: Record<string, string>;
}

/**
 * `npm start`: one supervisor for the whole network. PostgreSQL (embedded unless DATABASE_URL is set),
 * databases, migrations and demo data first; then each subgraph and the gateway as its own process,
 * restarted when one dies (see Supervisor); Ctrl-C stops the children, then the database.
 */
export async function startNetwork(): Promise<void> {
  const env = parseEnv({
    DATABASE_URL: z.url().optional(),
    COPNET_EMBEDDED_PG_PORT: envPort(54329),
    COPNET_DATABASE_PREFIX: z.string().regex(/^[a-z][a-z0-9_]*$/).default("copnet"),
    COPNET_STATE_DIR: z.string().default(".copnet"),
    GATEWAY_PORT: envPort(DEFAULT_PORTS.gateway),
    ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [`${name.toUpperCase()}_PORT`, envPort(DEFAULT_PORTS[name])])),
  });
  const started = Date.now();
  const stateDir = env.COPNET_STATE_DIR;
  await mkdir(stateDir, { recursive: true });
  let embedded: EmbeddedServer | null = null;
  let serverUrl = env.DATABASE_URL;
  if (!serverUrl) {
    console.log(`starting embedded PostgreSQL on port ${env.COPNET_EMBEDDED_PG_PORT} (data in ${stateDir}/pgdata)`);
    embedded = await startEmbeddedPostgres({ dataDir: `${stateDir}/pgdata`, port: env.COPNET_EMBEDDED_PG_PORT, persistent: true });
    serverUrl = embedded.url;
  }
  const databaseUrl = (service: ServiceName) => databaseUrlOn(serverUrl, `${env.COPNET_DATABASE_PREFIX}_${service}`);
  let supervisor: Supervisor | null = null;
  try {
    await prepareDatabases({ databaseUrl, seed: true, log: (line) => console.log(line) });
    const state = await loadDevState(stateDir, databaseUrl("gateway"));
    const ports = env as unknown as Record<string, number>;
    await publishChangedShippedSubgraphs(databaseUrl("gateway"));
    // After the registry has a supergraph: documents are checked against it.
    await registerDemoSite(databaseUrl("gateway"));
    const childEnv: NodeJS.ProcessEnv = {
      ...process.env,
      // Where the subgraphs fetch the gateway's public keys; the gateway keeps its private keys in its database.
      COPNET_GATEWAY_URL: `http://127.0.0.1:${env.GATEWAY_PORT}`,
      ...Object.fromEntries((["gateway", ...SUBGRAPH_NAMES] as ServiceName[]).map((service) => [`${service.toUpperCase()}_DATABASE_URL`, databaseUrl(service)])),
      ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [`${name.toUpperCase()}_URL`, `http://127.0.0.1:${ports[`${name.toUpperCase()}_PORT`]}/graphql`])),
    };
    supervisor = new Supervisor({ env: childEnv, echo: (name, line) => console.log(`[${name}] ${line}`), log: (line) => console.log(`[supervisor] ${line}`) });
    await Promise.all(SUBGRAPH_NAMES.map((name) => supervisor!.start(name, `subgraphs/${name}/main.ts`)));
    await supervisor.start("gateway", "gateway/main.ts", GATEWAY_NODE_FLAGS);
    console.log(`\ncopnet is up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    console.log(`  gateway    http://localhost:${env.GATEWAY_PORT}/graphql`);
    for (const name of SUBGRAPH_NAMES) console.log(`  ${name.padEnd(10)} http://localhost:${ports[`${name.toUpperCase()}_PORT`]}/graphql (gateway only: needs a service token)`);
    console.log(`\ndevelopment API keys (Authorization: Bearer <key>):`);
    for (const [label, key] of Object.entries(state.keys)) console.log(`  ${label.padEnd(12)} ${key}`);
    console.log(`\nthe ${DEMO_SITE.society} website (its publishable key: ${DEMO_SITE.keyName} above): npm run partner-site, then ${DEMO_SITE.origin}`);
    console.log(`\nPress Ctrl-C to stop.`);
    // Only Ctrl-C/SIGTERM ends the network on purpose; a crash loop ends it with the failing service's error.
    await Promise.race([untilSignal(), supervisor.failure]);
  } finally {
    console.log("stopping…");
    await supervisor?.stop();
    await embedded?.stop();
  }
}

/**
 * The registry keeps what was published; after a change to a shipped subgraph's schema (a `git pull`, a
 * local edit plus `npm run compose`) the committed SDL differs from the registry's, and a subgraph newly
 * listed in schema/supergraph.yaml is missing from it. Publish it like an admin would — with the checks —
 * so development never runs on a stale supergraph.
 */
export async function publishChangedShippedSubgraphs(gatewayDatabaseUrl: string): Promise<void> {
  const orm = await openDatabase({ url: gatewayDatabaseUrl, ...gatewayDatabase });
  try {
    const shipped = await shippedSubgraphs(await readSupergraphConfig());
    const current = await bootstrapRegistry(orm.em.fork(), shipped);
    for (const subgraph of shipped) {
      const registered = current.subgraphs.find((candidate) => candidate.name === subgraph.name);
      if (registered?.sdl === subgraph.sdl) continue;
      // A subgraph newly listed in schema/supergraph.yaml (communities, after a pull) is federated like a newcomer.
      const url = registered?.url ?? subgraph.url;
      const change = registered ? "changed" : "new";
      try {
        const { version } = await publishSubgraph(orm.em.fork(), { ...subgraph, url }, { force: false, by: "copnet start" });
        console.log(`published the ${change} ${subgraph.name} schema as supergraph version ${version.version}`);
      } catch (error) {
        if (!(error instanceof RegistryRefusal)) throw error;
        console.warn(`${subgraph.name}: the committed schema is ${change} but was not published — ${error.message}`);
        if (error.report) console.warn(describeReport(error.report));
        console.warn(`publish it anyway with: npx copnet subgraph publish --name ${subgraph.name} --url ${url} --force`);
      }
    }
  } finally {
    await orm.close();
  }
}

/**
 * The demo society's website (`npm run partner-site`): its local origin registered, and the documents
 * committed with it published and enforced, as a society would with `copnet society update --origin` and
 * `copnet documents publish --enforce`.
 */
async function registerDemoSite(gatewayDatabaseUrl: string): Promise<void> {
  const society = DEMO_SOCIETIES.find((candidate) => candidate.slug === DEMO_SITE.society)!;
  const orm = await openDatabase({ url: gatewayDatabaseUrl, ...gatewayDatabase });
  try {
    await setSocietyOrigins(orm.em.fork(), society.id, [DEMO_SITE.origin], "copnet start");
    const manifest: unknown = JSON.parse(await readFile(MANIFEST, "utf8"));
    await publishTrustedDocuments(orm.em.fork(), { societyId: society.id, manifest, enforce: true, by: "copnet start", maxDocumentBytes: DEFAULT_LIMITS.maxDocumentBytes });
  } finally {
    await orm.close();
  }
}

/** Development API keys: created on first start (a newer release's missing ones on a later start), kept in <state dir>/dev-state.json. */
async function loadDevState(stateDir: string, gatewayDatabaseUrl: string): Promise<DevState> {
  const file = `${stateDir}/dev-state.json`;
  const known = existsSync(file) ? (JSON.parse(await readFile(file, "utf8")) as DevState) : null;
  if (known?.keys[DEMO_SITE.keyName]) return known;
  const orm = await openDatabase({ url: gatewayDatabaseUrl, ...gatewayDatabase });
  try {
    const keys: Record<string, string> = { ...known?.keys };
    const site = DEMO_SOCIETIES.find((society) => society.slug === DEMO_SITE.society)!;
    keys[DEMO_SITE.keyName] = (await createApiKey(orm.em.fork(), { role: "public", societyId: site.id, label: `development ${DEMO_SITE.society} website` })).key;
    if (!known) {
      keys.admin = (await createApiKey(orm.em.fork(), { role: "admin", societyId: null, label: "development admin" })).key;
      keys.researcher = (await createApiKey(orm.em.fork(), { role: "researcher", societyId: null, label: "development researcher" })).key;
      for (const society of DEMO_SOCIETIES) {
        keys[society.slug] = (await createApiKey(orm.em.fork(), { role: "society", societyId: society.id, label: `development ${society.slug}` })).key;
      }
    }
    const state = { keys };
    await writeFile(file, JSON.stringify(state, null, 2), { mode: 0o600 });
    return state;
  } finally {
    await orm.close();
  }
}
