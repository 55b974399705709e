import "reflect-metadata";
import { readFileSync } from "node:fs";
import { DEFAULT_PORTS, GATEWAY_NODE_FLAGS, SUBGRAPH_NAMES, databaseUrlOn, type ServiceName } from "../lib/config.js";
import { openDatabase } from "../lib/database.js";
import { buildProduction } from "../bin/build.js";
import { createApiKey } from "../gateway/api-key/api-keys.js";
import { gatewayDatabase } from "../gateway/database.js";
import { DEMO_SOCIETIES } from "../seed/demo-network.js";
import { prepareDatabases } from "../seed/prepare.js";
import type { LoadResult } from "./load.js";
import { peakRssMb, rssMb, runJson, startService, stopService, type Service } from "./processes.js";
import { FIXTURE_QUERIES, type Fixtures, type ScenarioName } from "./scenarios.js";

/*
 * What the Kubernetes resource requests and limits are sized from (README, Deploying on Kubernetes):
 *   DATABASE_URL=postgres://… npm run bench:sizing -- [rounds of starts, default 3; 0: only the load]
 * 1. Start time and resident memory of each service, from its TypeScript sources through tsx (development)
 *    and from `copnet build`'s JavaScript (the images), one service at a time on the demo network. Start
 *    time is from spawn to the "ready at" line (listening, database open, schema built).
 * 2. The compiled network under a short load (two scenarios, 10 s each, 20 connections): each process's
 *    peak resident memory and CPU milliseconds per request.
 */
const server = process.env.DATABASE_URL;
if (!server) throw new Error("DATABASE_URL is required");
const rounds = Number(process.argv[2] ?? 3);
const prefix = "copnet_sizing";
const databaseUrl = (service: string) => databaseUrlOn(server, `${prefix}_${service}`);
await prepareDatabases({ databaseUrl, seed: true });
await buildProduction();

const entries: Record<ServiceName, string> = {
  gateway: "gateway/main",
  ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, `subgraphs/${name}/main`])),
} as Record<ServiceName, string>;
/** Ports 20,000 above the defaults, so that an `npm start` on this machine is left alone. */
const urlOf = (service: ServiceName) => `http://127.0.0.1:${DEFAULT_PORTS[service] + 20_000}`;
const env = (service: ServiceName) => ({
  ...process.env,
  [`${service.toUpperCase()}_DATABASE_URL`]: databaseUrl(service),
  [`${service.toUpperCase()}_PORT`]: String(DEFAULT_PORTS[service] + 20_000),
  ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [`${name.toUpperCase()}_URL`, `${urlOf(name)}/graphql`])),
  COPNET_GATEWAY_URL: urlOf("gateway"),
  LOG_LEVEL: "warn",
});

const rows: { service: string; form: string; startMs: number; rssMb: number }[] = [];
for (let round = 0; round < rounds; round++) {
  for (const service of Object.keys(entries) as ServiceName[]) {
    for (const [form, entry] of [["tsx", `${entries[service]}.ts`], ["compiled", `dist/${entries[service]}.js`]] as const) {
      const started = performance.now();
      const running = await startService(service, entry, [], env(service), service === "gateway" ? GATEWAY_NODE_FLAGS : []);
      const startMs = performance.now() - started;
      rows.push({ service, form, startMs, rssMb: rssMb(running) });
      await stopService(running);
    }
  }
}
const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
if (rounds > 0) {
  console.log("| service | tsx start ms | compiled start ms | tsx RSS MB | compiled RSS MB |");
  console.log("|---|---|---|---|---|");
  for (const service of Object.keys(entries)) {
    const of = (form: string, key: "startMs" | "rssMb") => Math.round(median(rows.filter((row) => row.service === service && row.form === form).map((row) => row[key])));
    console.log(`| ${service} | ${of("tsx", "startMs")} | ${of("compiled", "startMs")} | ${of("tsx", "rssMb")} | ${of("compiled", "rssMb")} |`);
  }
}

// --- 2. the compiled network under load ---
const running: Service[] = [];
try {
  for (const service of [...SUBGRAPH_NAMES, "gateway"] as ServiceName[]) {
    running.push(await startService(service, `dist/${entries[service]}.js`, [], env(service), service === "gateway" ? GATEWAY_NODE_FLAGS : []));
  }
  await measureUnderLoad(running.at(-1)!.url);
} finally {
  for (const service of running) await stopService(service);
}

async function measureUnderLoad(gatewayUrl: string): Promise<void> {
  const orm = await openDatabase({ url: databaseUrl("gateway"), ...gatewayDatabase });
  const { key } = await createApiKey(orm.em.fork(), { role: "society", societyId: DEMO_SOCIETIES[0]!.id, label: "sizing", rate: 1_000_000 }).finally(() => orm.close());
  const authorization = `Bearer ${key}`;
  const response = await fetch(gatewayUrl, { method: "POST", headers: { "content-type": "application/json", authorization }, body: JSON.stringify({ query: FIXTURE_QUERIES.members }) });
  const page = (await response.json()) as { data: { members: { edges: { node: { id: string } }[] } } };
  const fixtures = { memberIds: page.data.members.edges.map((edge) => edge.node.id) } as Fixtures;
  console.log("\n| scenario | requests/s | errors | " + running.map((service) => `${service.name} CPU ms/request`).join(" | ") + " |");
  console.log("|---|---|---|" + running.map(() => "---|").join(""));
  for (const scenario of ["directory", "member"] as ScenarioName[]) {
    const before = running.map(cpuMs);
    const result = await runJson<LoadResult>("bench/load.ts", [JSON.stringify({ url: gatewayUrl, scenario, fixtures, authorization, connections: 20, seconds: 10 })]);
    const perRequest = running.map((service, index) => ((cpuMs(service) - before[index]!) / result.requests).toFixed(2));
    console.log(`| ${scenario} | ${Math.round(result.rps)} | ${result.errors} | ${perRequest.join(" | ")} |`);
  }
  console.log("\n| service | peak resident MB under load |\n|---|---|");
  for (const service of running) console.log(`| ${service.name} | ${Math.round(peakRssMb(service))} |`);
}

/** CPU time (user + system) a process has used so far, in ms (clock ticks are 10 ms on Linux). */
function cpuMs(service: Service): number {
  const fields = readFileSync(`/proc/${service.child.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
