import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { z } from "zod";
import { DEFAULT_PORTS, GATEWAY_NODE_FLAGS, SUBGRAPH_NAMES, databaseUrlOn, envPort, parseEnv, type ServiceName } from "../lib/config.js";
import { openDatabase } from "../lib/database.js";
import { startEmbeddedPostgres, type EmbeddedServer } from "../lib/embedded-postgres.js";
import { untilSignal } from "../lib/main.js";
import { spawnService, stopProcess } from "../lib/service-process.js";
import { createApiKey } from "../gateway/api-key/api-keys.js";
import { gatewayDatabase } from "../gateway/database.js";
import { describeReport } from "../gateway/registry/checks.js";
import { RegistryRefusal, bootstrapRegistry, publishSubgraph } from "../gateway/registry/registry.js";
import { readSupergraphConfig, shippedSubgraphs } from "../gateway/supergraph.js";
import { DEMO_SOCIETIES } from "../seed/demo-network.js";
import { prepareDatabases } from "../seed/prepare.js";

const STATE_DIR = ".copnet";

interface DevState {
  tokenSecret: string;
  /** Development keys, kept in clear text only in this local, git-ignored file. */
  keys: Record<string, string>;
}

/**
 * `npm start`: one supervisor for the whole network. PostgreSQL (embedded unless DATABASE_URL is set),
 * databases, migrations and demo data first; then each subgraph and the gateway as its own process;
 * Ctrl-C stops the children, then the database.
 */
export async function startNetwork(): Promise<void> {
  const env = parseEnv({
    DATABASE_URL: z.url().optional(),
    COPNET_EMBEDDED_PG_PORT: envPort(54329),
    COPNET_DATABASE_PREFIX: z.string().regex(/^[a-z][a-z0-9_]*$/).default("copnet"),
    GATEWAY_PORT: envPort(DEFAULT_PORTS.gateway),
    ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [`${name.toUpperCase()}_PORT`, envPort(DEFAULT_PORTS[name])])),
  });
  const started = Date.now();
  await mkdir(STATE_DIR, { recursive: true });
  let embedded: EmbeddedServer | null = null;
  let serverUrl = env.DATABASE_URL;
  if (!serverUrl) {
    console.log(`starting embedded PostgreSQL on port ${env.COPNET_EMBEDDED_PG_PORT} (data in ${STATE_DIR}/pgdata)`);
    embedded = await startEmbeddedPostgres({ dataDir: `${STATE_DIR}/pgdata`, port: env.COPNET_EMBEDDED_PG_PORT, persistent: true });
    serverUrl = embedded.url;
  }
  const databaseUrl = (service: ServiceName) => databaseUrlOn(serverUrl, `${env.COPNET_DATABASE_PREFIX}_${service}`);
  const children: ChildProcess[] = [];
  try {
    await prepareDatabases({ databaseUrl, seed: true, log: (line) => console.log(line) });
    const state = await loadDevState(databaseUrl("gateway"));
    const ports = env as unknown as Record<string, number>;
    await publishChangedShippedSubgraphs(databaseUrl("gateway"));
    const childEnv: NodeJS.ProcessEnv = {
      ...process.env,
      COPNET_TOKEN_SECRETS: state.tokenSecret,
      COPNET_GATEWAY_URL: `http://127.0.0.1:${env.GATEWAY_PORT}`,
      ...Object.fromEntries((["gateway", ...SUBGRAPH_NAMES] as ServiceName[]).map((service) => [`${service.toUpperCase()}_DATABASE_URL`, databaseUrl(service)])),
      ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [`${name.toUpperCase()}_URL`, `http://127.0.0.1:${ports[`${name.toUpperCase()}_PORT`]}/graphql`])),
    };
    const start = (name: string, entry: string, nodeFlags: string[] = []) => {
      const service = spawnService(name, entry, { env: childEnv, nodeFlags, echo: (line) => console.log(`[${name}] ${line}`) });
      children.push(service.child);
      return service.ready;
    };
    await Promise.all(SUBGRAPH_NAMES.map((name) => start(name, `subgraphs/${name}/main.ts`)));
    await start("gateway", "gateway/main.ts", GATEWAY_NODE_FLAGS);
    console.log(`\ncopnet is up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    console.log(`  gateway    http://localhost:${env.GATEWAY_PORT}/graphql`);
    for (const name of SUBGRAPH_NAMES) console.log(`  ${name.padEnd(10)} http://localhost:${ports[`${name.toUpperCase()}_PORT`]}/graphql (gateway only: needs a service token)`);
    console.log(`\ndevelopment API keys (Authorization: Bearer <key>):`);
    for (const [label, key] of Object.entries(state.keys)) console.log(`  ${label.padEnd(10)} ${key}`);
    console.log(`\nPress Ctrl-C to stop.`);
    await Promise.race([untilSignal(), ...children.map((child) => new Promise((resolve) => child.once("exit", resolve)))]);
  } finally {
    console.log("stopping…");
    await Promise.all(children.map((child) => stopProcess(child)));
    await embedded?.stop();
  }
}

/**
 * The registry keeps what was published; after a change to a shipped subgraph's schema (a `git pull`, a
 * local edit plus `npm run compose`) the committed SDL differs from the registry's. Publish it like an
 * admin would — with the checks — so development never runs on a stale supergraph.
 */
export async function publishChangedShippedSubgraphs(gatewayDatabaseUrl: string): Promise<void> {
  const orm = await openDatabase({ url: gatewayDatabaseUrl, ...gatewayDatabase });
  try {
    const shipped = await shippedSubgraphs(await readSupergraphConfig());
    const current = await bootstrapRegistry(orm.em.fork(), shipped);
    for (const subgraph of shipped) {
      const registered = current.subgraphs.find((candidate) => candidate.name === subgraph.name);
      if (!registered || registered.sdl === subgraph.sdl) continue;
      try {
        const { version } = await publishSubgraph(orm.em.fork(), { ...subgraph, url: registered.url }, { force: false, by: "copnet start" });
        console.log(`published the changed ${subgraph.name} schema as supergraph version ${version.version}`);
      } catch (error) {
        if (!(error instanceof RegistryRefusal)) throw error;
        console.warn(`${subgraph.name}: the committed schema changed but was not published — ${error.message}`);
        if (error.report) console.warn(describeReport(error.report));
        console.warn(`publish it anyway with: npx copnet subgraph publish --name ${subgraph.name} --url ${registered.url} --force`);
      }
    }
  } finally {
    await orm.close();
  }
}

/** Token secret and development keys: generated on first start, then read from .copnet/dev-state.json. */
async function loadDevState(gatewayDatabaseUrl: string): Promise<DevState> {
  const file = `${STATE_DIR}/dev-state.json`;
  if (existsSync(file)) return JSON.parse(await readFile(file, "utf8")) as DevState;
  const orm = await openDatabase({ url: gatewayDatabaseUrl, ...gatewayDatabase });
  try {
    const keys: Record<string, string> = {};
    keys.admin = (await createApiKey(orm.em.fork(), { role: "admin", societyId: null, label: "development admin" })).key;
    keys.researcher = (await createApiKey(orm.em.fork(), { role: "researcher", societyId: null, label: "development researcher" })).key;
    for (const society of DEMO_SOCIETIES) {
      keys[society.slug] = (await createApiKey(orm.em.fork(), { role: "society", societyId: society.id, label: `development ${society.slug}` })).key;
    }
    const state = { tokenSecret: randomBytes(32).toString("base64url"), keys };
    await writeFile(file, JSON.stringify(state, null, 2), { mode: 0o600 });
    return state;
  } finally {
    await orm.close();
  }
}
