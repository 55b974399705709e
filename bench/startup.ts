import "reflect-metadata";
import { DEFAULT_PORTS, GATEWAY_NODE_FLAGS, SUBGRAPH_NAMES, databaseUrlOn, type ServiceName } from "../lib/config.js";
import { buildProduction } from "../bin/build.js";
import { prepareDatabases } from "../seed/prepare.js";
import { rssMb, startService, stopService } from "./processes.js";

/*
 * Start time and memory of each service run from its TypeScript sources through tsx (development) and
 * from `copnet build`'s JavaScript (the Docker image), one service at a time on a seeded database:
 *   DATABASE_URL=postgres://… npm run bench:startup -- [rounds]
 * Start time is from spawn to the "ready at" line (listening, database open, schema built).
 */
const server = process.env.DATABASE_URL;
if (!server) throw new Error("DATABASE_URL is required");
const rounds = Number(process.argv[2] ?? 3);
const prefix = "copnet_startup";
const databaseUrl = (service: string) => databaseUrlOn(server, `${prefix}_${service}`);
await prepareDatabases({ databaseUrl, seed: true });
await buildProduction();

const entries: Record<ServiceName, string> = {
  gateway: "gateway/main",
  ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, `subgraphs/${name}/main`])),
} as Record<ServiceName, string>;
const env = (service: ServiceName) => ({
  ...process.env,
  [`${service.toUpperCase()}_DATABASE_URL`]: databaseUrl(service),
  [`${service.toUpperCase()}_PORT`]: String(DEFAULT_PORTS[service] + 20_000),
  COPNET_GATEWAY_URL: `http://127.0.0.1:${DEFAULT_PORTS.gateway + 20_000}`,
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
console.log("| service | tsx start ms | compiled start ms | tsx RSS MB | compiled RSS MB |");
console.log("|---|---|---|---|---|");
for (const service of Object.keys(entries)) {
  const of = (form: string, key: "startMs" | "rssMb") => Math.round(median(rows.filter((row) => row.service === service && row.form === form).map((row) => row[key])));
  console.log(`| ${service} | ${of("tsx", "startMs")} | ${of("compiled", "startMs")} | ${of("tsx", "rssMb")} | ${of("compiled", "rssMb")} |`);
}
