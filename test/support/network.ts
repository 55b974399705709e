import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { SUBGRAPH_NAMES, databaseUrlOn, type SubgraphName } from "../../lib/config.js";
import { dropDatabase, openDatabase } from "../../lib/database.js";
import type { RunningServer } from "../../lib/http.js";
import { importSigningKey, type SigningKey } from "../../lib/identity.js";
import type { Logger } from "../../lib/log.js";
import { spawnService, stopProcess } from "../../bin/service-process.js";
import { startSubgraph, type RunningSubgraph } from "../../lib/subgraph.js";
import { createApiKey } from "../../gateway/api-key/api-keys.js";
import { gatewayDatabase } from "../../gateway/database.js";
import { GatewaySigningKey } from "../../gateway/signing-key/signing-key.entity.js";
import { readSupergraphConfig, shippedSubgraphs } from "../../gateway/supergraph.js";
import { startGateway, type GatewayOptions } from "../../gateway/server.js";
import { DEMO_SOCIETIES } from "../../seed/demo-network.js";
import { SERVICES, prepareDatabases } from "../../seed/prepare.js";
import { SUBGRAPHS } from "../../subgraphs/index.js";
import { freePort } from "./ports.js";

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
  extensions?: Record<string, unknown>;
}

/**
 * Test files run in parallel on two cores, with composition and four subgraphs in the same process: a
 * generous deadline keeps a busy moment from reading as a subgraph timeout. Timeout tests set their own.
 */
const TEST_SUBGRAPH_TIMEOUT_MS = 20_000;

/**
 * The test keys' own rate limit, above any load a test puts on them (1000 simultaneous registrations);
 * anonymous callers keep the default per-address limit, so rate limiting is on in every test.
 */
export const TEST_KEY_RATE = 100_000;

export interface TestNetwork {
  gatewayUrl: string;
  /** The first gateway's base URL (its JWKS), or `gatewayOrigin`: what every subgraph of the network was given. */
  gatewayOrigin: string;
  /** API key per demo society slug, plus `researcher` and `admin`. */
  keys: Record<string, string>;
  /** The key the gateways sign service tokens with now (the active one in the gateway database). */
  activeSigningKey(): Promise<SigningKey>;
  subgraphs: RunningSubgraph[];
  /** The subgraphs asked to run as their own OS processes (to stop and continue them with signals). */
  processes: Record<SubgraphName, ChildProcess>;
  /** Another gateway on the same subgraphs and keys, with other settings (limits, introspection, URLs). */
  addGateway(overrides?: Partial<GatewayOptions>): Promise<RunningServer>;
  databaseUrl: (service: string) => string;
  query<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, key?: string): Promise<GraphQLResponse<T>>;
  /** SQL statements the subgraphs have sent since the last reset. */
  sql: { count: number; statements: string[]; reset(): void };
  stop(): Promise<void>;
}

/**
 * The whole network on throwaway databases (one set per test file, dropped at the end): four subgraphs
 * and the gateway on ephemeral ports, over real HTTP, seeded with the demo network.
 */
const CHANGE_FEED_READ = /^(select|delete)\b[\s\S]*\bfrom outbox\b/i;

export async function startTestNetwork(
  options: { log?: Logger; serverUrl?: string; gatewayOrigin?: string; processes?: SubgraphName[]; /** Settings of every gateway of the network (the first one included). */ gateway?: Partial<GatewayOptions> } = {},
): Promise<TestNetwork> {
  const server = options.serverUrl ?? inject("databaseUrl");
  const prefix = `t${randomBytes(4).toString("hex")}`;
  const databaseUrl = (service: string) => databaseUrlOn(server, `${prefix}_${service}`);
  if (server === inject("databaseUrl")) await copyPreparedDatabases(server, prefix);
  else await prepareDatabases({ databaseUrl, seed: true });

  const countStatement = (statement: string) => {
    // Gateways read (and so prune) each subgraph's change feed every few hundred milliseconds (live updates): not a request's SQL.
    if (CHANGE_FEED_READ.test(statement)) return;
    sql.count++;
    sql.statements.push(statement);
  };
  const sql = {
    count: 0,
    statements: [] as string[],
    reset() {
      this.count = 0;
      this.statements = [];
    },
  };
  // The gateway's port comes first: subgraphs are told where its public keys will be before it starts.
  const gatewayPort = await freePort();
  // Or where a load balancer in front of several gateways will listen (Kubernetes: the gateway's Service).
  const gatewayOrigin = options.gatewayOrigin ?? `http://127.0.0.1:${gatewayPort}`;
  const subgraphs: RunningSubgraph[] = [];
  const processes: TestNetwork["processes"] = {};
  const processUrls: Record<string, string> = {};
  for (const name of options.processes ?? []) {
    const upper = name.toUpperCase();
    const service = spawnService(name, `subgraphs/${name}/main.ts`, {
      env: { ...process.env, [`${upper}_DATABASE_URL`]: databaseUrl(name), [`${upper}_PORT`]: "0", COPNET_GATEWAY_URL: gatewayOrigin },
    });
    processes[name] = service.child;
    processUrls[name] = await service.ready;
  }
  for (const name of SUBGRAPH_NAMES) {
    if (processes[name]) continue;
    subgraphs.push(await startSubgraph(SUBGRAPHS[name], { databaseUrl: databaseUrl(name), port: 0, gatewayUrl: gatewayOrigin, log: options.log, onQuery: countStatement }));
  }
  const subgraphUrls = { ...Object.fromEntries(subgraphs.map((subgraph) => [subgraph.name, subgraph.url])), ...processUrls };
  const shipped = await shippedSubgraphs(await readSupergraphConfig(), subgraphUrls);
  const gateways: RunningServer[] = [];
  const addGateway = async (overrides: Partial<GatewayOptions> = {}) => {
    const gateway = await startGateway({ databaseUrl: databaseUrl("gateway"), port: 0, subgraphs: shipped, registryPollMs: 200, subgraphTimeoutMs: TEST_SUBGRAPH_TIMEOUT_MS, log: options.log, ...options.gateway, ...overrides });
    gateways.push(gateway);
    return gateway;
  };
  const gateway = await addGateway({ port: gatewayPort });

  const orm = await openDatabase({ url: databaseUrl("gateway"), ...gatewayDatabase });
  const keys: Record<string, string> = {};
  for (const society of DEMO_SOCIETIES) {
    keys[society.slug] = (await createApiKey(orm.em.fork(), { role: "society", societyId: society.id, label: society.slug, rate: TEST_KEY_RATE })).key;
  }
  keys.researcher = (await createApiKey(orm.em.fork(), { role: "researcher", societyId: null, label: "researcher", rate: TEST_KEY_RATE })).key;
  keys.admin = (await createApiKey(orm.em.fork(), { role: "admin", societyId: null, label: "admin", rate: TEST_KEY_RATE })).key;
  await orm.close();

  return {
    gatewayUrl: gateway.url,
    gatewayOrigin,
    keys,
    async activeSigningKey() {
      const keyOrm = await openDatabase({ url: databaseUrl("gateway"), ...gatewayDatabase });
      try {
        return await importSigningKey((await keyOrm.em.fork().findOneOrFail(GatewaySigningKey, { state: "active" })).privateJwk!);
      } finally {
        await keyOrm.close();
      }
    },
    subgraphs,
    processes,
    addGateway,
    databaseUrl,
    sql,
    async query(query, variables, key) {
      const response = await fetch(gateway.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as object) };
    },
    async stop() {
      for (const running of gateways) await running.close();
      for (const subgraph of subgraphs) await subgraph.close();
      for (const child of Object.values(processes)) await stopProcess(child);
      for (const service of SERVICES) await dropDatabase(databaseUrl(service));
    },
  };
}

/**
 * Every network of a test run starts from the same databases: migrated and seeded with the demo network
 * (deterministic) once per run, by whichever test file asks first, into template databases named
 * `<templates>_<service>`, and copied for each network with CREATE DATABASE … TEMPLATE — a copy takes a
 * fraction of the time migrating and seeding six databases takes. The templates are marked as such
 * (`datistemplate`) only once all of them are complete, so a run that failed half-way is prepared again;
 * global-setup.ts drops them at the end of the run.
 */
async function copyPreparedDatabases(server: string, prefix: string): Promise<void> {
  const templates = inject("databaseTemplates");
  const name = (service: string, of = templates) => `"${of}_${service}"`;
  const admin = new pg.Client({ connectionString: databaseUrlOn(server, "postgres") });
  await admin.connect();
  try {
    // One worker prepares; the others wait here for the templates, then copy them.
    await admin.query("select pg_advisory_lock(hashtext($1))", [templates]);
    try {
      const ready = await admin.query("select 1 from pg_database where datistemplate and datname = any($1)", [SERVICES.map((service) => `${templates}_${service}`)]);
      if (ready.rowCount !== SERVICES.length) {
        for (const service of SERVICES) {
          await admin.query(`alter database ${name(service)} is_template false`).catch(() => undefined);
          await admin.query(`drop database if exists ${name(service)} with (force)`);
        }
        await prepareDatabases({ databaseUrl: (service) => databaseUrlOn(server, `${templates}_${service}`), seed: true });
        for (const service of SERVICES) await admin.query(`alter database ${name(service)} is_template true`);
      }
    } finally {
      await admin.query("select pg_advisory_unlock(hashtext($1))", [templates]);
    }
    for (const service of SERVICES) await admin.query(`create database ${name(service, prefix)} template ${name(service)}`);
  } finally {
    await admin.end();
  }
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  json: GraphQLResponse;
}

/** A raw HTTP exchange, for tests that check status codes, headers and exact bodies. */
export async function send(url: string, init: RequestInit = {}): Promise<RawResponse> {
  const response = await fetch(url, init);
  const text = await response.text();
  let json: GraphQLResponse = { status: response.status };
  try {
    json = { status: response.status, ...(JSON.parse(text) as object) };
  } catch {
    // Not JSON: the test looks at `text`.
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** POSTs a GraphQL operation as JSON with optional extra headers. */
export function postGraphQL(url: string, body: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
  return send(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
}
