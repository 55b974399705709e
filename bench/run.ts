import "reflect-metadata";
import { execSync } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { GATEWAY_NODE_FLAGS, SUBGRAPH_NAMES, databaseUrlOn, type ServiceName } from "../lib/config.js";
import { openDatabase } from "../lib/database.js";
import { startEmbeddedPostgres } from "../bin/embedded-postgres.js";
import { runMain } from "../lib/main.js";
import { createApiKey } from "../gateway/api-key/api-keys.js";
import { gatewayDatabase } from "../gateway/database.js";
import { publishChangedShippedSubgraphs } from "../bin/start.js";
import { prepareDatabases } from "../seed/prepare.js";
import { benchSigningKeys } from "./signing-keys.js";
import { freePort } from "../test/support/ports.js";
import type { LoadOptions, LoadResult } from "./load.js";
import pg from "pg";
import { cpuMs, parentPid, peakRssMb, postgresCpuMs, processName, profileServices, rssMb, runJson, sqlStatements, startService, stopService, type Service } from "./processes.js";
import { GATEWAYS, chart, cpuTable, perVisitorLine, scalingTable, summarise, summaryLine, table, type Exclusion, type GatewayName, type Round, type ScalingResult } from "./report.js";
import type { SoakResult } from "./soak.js";
import { DIRECTORY_PAGE, FIXTURE_QUERIES, PER_VISITOR_SCENARIOS, SCALING_SCENARIOS, SCENARIOS, type Fixtures, type ScenarioName } from "./scenarios.js";

const HELP = `npm run bench [-- options]

Compares copnet's gateway with stock @apollo/gateway and Hive Gateway on the same seeded directory,
subgraphs and supergraph: A/B/C rounds of autocannon load, then a table, JSON and an SVG chart in
bench/results/. Every run also reports CPU ms per request by process (the gateway, the copnet gateway the
subgraphs ask about member access, each subgraph, PostgreSQL's backends), from /proc.

  --quick              the directory page only, shorter rounds (under 4 minutes)
  --per-visitor        the pages each visitor sees differently: member detail, directory search, mentor
                       matches (with --quick: 10 s rounds, one round each, under 5 minutes)
  --scaling            instead: copnet's latency at 10k, 100k and 1M members on the directory page, member
                       detail, directory search and mentor matches
  --soak               instead: copnet under normal traffic mixed with floods (bench/soak.ts): p99 and the
                       gateway's RSS, beside the same normal traffic alone (--seconds per phase, default 60)
  --sizes 10000,…      the directory sizes of --scaling
  --members N          size of the seeded directory (default 100000; seeded once, then reused)
  --scenarios a,b      of ${Object.keys(SCENARIOS).join(", ")}
  --gateways a,b       of ${GATEWAYS.join(", ")} (copnet always: its answers are the reference)
  --connections N      concurrent connections (default 50)
  --seconds N          measured seconds per round (default 20; --quick 10)
  --warmup N           warm-up seconds before each round (default 5; --quick 3)
  --rounds N           A/B/C repetitions (default 2; --per-visitor --quick 1)
  --gateway-node-flags "…"   copnet's gateway with these Node flags instead of GATEWAY_NODE_FLAGS (${GATEWAY_NODE_FLAGS.join(" ")})
  --cpu-prof DIR       every server started writes a V8 CPU profile into DIR when it stops, numbered in
                       start order (summarise one with bench/profile-summary.ts)
Database: DATABASE_URL's server, else an embedded PostgreSQL with its data in .copnet/bench-pgdata.`;

const progress = (line: string) => process.stderr.write(`${line}\n`);

/** Node flags of copnet's gateway processes: as shipped unless `--gateway-node-flags` says otherwise. */
let gatewayNodeFlags = GATEWAY_NODE_FLAGS;

runMain(async () => {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      "per-visitor": { type: "boolean", default: false },
      scaling: { type: "boolean", default: false },
      soak: { type: "boolean", default: false },
      sizes: { type: "string", default: "10000,100000,1000000" },
      members: { type: "string", default: "100000" },
      scenarios: { type: "string" },
      gateways: { type: "string" },
      connections: { type: "string", default: "50" },
      seconds: { type: "string" },
      warmup: { type: "string" },
      rounds: { type: "string" },
      "cpu-prof": { type: "string" },
      "gateway-node-flags": { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) return console.log(HELP);
  const whole = (name: string, text: string) => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number of at least 1`);
    return value;
  };
  const settings = {
    connections: whole("connections", values.connections),
    seconds: whole("seconds", values.seconds ?? (values.quick ? "10" : "20")),
    warmup: whole("warmup", values.warmup ?? (values.quick ? "3" : "5")),
    rounds: whole("rounds", values.rounds ?? (values.quick && values["per-visitor"] ? "1" : "2")),
    gateways: GATEWAYS.filter((gateway) => gateway === "copnet" || !values.gateways || values.gateways.split(",").includes(gateway)),
  };
  const scenarios = (
    values.scenarios?.split(",") ?? (values["per-visitor"] ? PER_VISITOR_SCENARIOS : values.quick ? ["directory"] : Object.keys(SCENARIOS))
  ) as ScenarioName[];
  for (const name of scenarios) if (!SCENARIOS[name]) throw new Error(`unknown scenario "${name}"\n\n${HELP}`);

  if (values["cpu-prof"]) profileServices(values["cpu-prof"]);
  if (values["gateway-node-flags"] !== undefined) gatewayNodeFlags = values["gateway-node-flags"].split(" ").filter(Boolean);
  const server = await databaseServer();
  try {
    if (values.soak) await soakRun(server.url, whole("members", values.members), whole("seconds", values.seconds ?? "60"));
    else if (values.scaling) await scalingRun(server.url, values.sizes.split(",").map((size) => whole("sizes", size)), values.scenarios ? scenarios : SCALING_SCENARIOS, settings);
    else {
      const mode = values["per-visitor"] ? (values.quick ? "per-visitor-quick" : "per-visitor") : values.quick ? "quick" : "full";
      await comparisonRun(server.url, whole("members", values.members), scenarios, settings, mode, values["per-visitor"]);
    }
  } finally {
    await server.stop();
  }
});

interface Settings {
  gateways: GatewayName[];
  connections: number;
  seconds: number;
  warmup: number;
  rounds: number;
}

async function databaseServer(): Promise<{ url: string; stop(): Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => undefined };
  progress("starting embedded PostgreSQL (data in .copnet/bench-pgdata)");
  await mkdir(".copnet", { recursive: true });
  return startEmbeddedPostgres({ dataDir: ".copnet/bench-pgdata", port: Number(process.env.COPNET_BENCH_PG_PORT ?? 54330), persistent: true });
}

const BENCHMARK_KEY_RATE = 100_000;

/** One seeded directory of `members` members: its databases, subgraph processes and a key to call it with. */
interface Directory {
  members: number;
  databaseUrl: (service: ServiceName) => string;
  subgraphs: Service[];
  /** The active signing key's private half, for the harnesses of stock Apollo Gateway and Hive Gateway. */
  signingKeyFile: string;
  societyId: string;
  authorization: string;
  /** The copnet gateway the subgraphs ask about member access: its CPU is part of every request's. */
  memberAccess: Service;
  /** The database server's postmaster, when it runs on this machine: its backends' CPU is counted. */
  postmasterPid: number | null;
  close(): Promise<void>;
}

const sizeLabel = (members: number) => (members % 1_000_000 === 0 ? `${members / 1_000_000}m` : members % 1000 === 0 ? `${members / 1000}k` : String(members));

async function openDirectory(serverUrl: string, members: number): Promise<Directory> {
  const prefix = `copnet_bench_${sizeLabel(members)}`;
  const databaseUrl = (service: ServiceName) => databaseUrlOn(serverUrl, `${prefix}_${service}`);
  const started = Date.now();
  progress(`directory of ${members} members in databases ${prefix}_* (seeded once, then reused)`);
  const seeded = await prepareDatabases({ databaseUrl, seed: true, members, progress: (line) => process.stderr.write(`\r  ${line}   `) });
  if (seeded) progress(`\n  seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await publishChangedShippedSubgraphs(databaseUrl("gateway"));
  const { jwksFile, signingKeyFile } = await benchSigningKeys(databaseUrl("gateway"));
  const gatewayPort = await freePort();
  const subgraphs = await Promise.all(
    SUBGRAPH_NAMES.map((name) => startService(name, "bench/subgraph.ts", [name, databaseUrl(name), jwksFile, `http://127.0.0.1:${gatewayPort}`])),
  );
  const postmasterPid = await postmasterOf(databaseUrl("members"));
  const directory = { members, databaseUrl, subgraphs, signingKeyFile, societyId: "", authorization: "", postmasterPid };
  // The subgraphs look up member access (lib/member-access.ts) at a copnet gateway of their own, kept for
  // the whole run: every compared gateway's subgraph requests pay for the same lookups in the same way.
  const memberAccess = await startGateway("copnet", { ...directory, memberAccess: null!, close: async () => {} }, "", gatewayPort);
  const close = () => Promise.all([...subgraphs, memberAccess].map(stopService)).then(() => undefined);
  try {
    // The society of the directory's first member calls, as its partner frontend would: with its own key.
    const setup = await startGateway("copnet", { ...directory, memberAccess, close }, "");
    try {
      type First = { members: { edges: Array<{ node: { society: { id: string } } }> } };
      const first = await graphql<First>(setup.url, "", `{ members(first: 1) { edges { node { society { id } } } } }`);
      directory.societyId = first.members.edges[0]!.node.society.id;
    } finally {
      await stopService(setup);
    }
    const orm = await openDatabase({ url: databaseUrl("gateway"), ...gatewayDatabase });
    try {
      // An explicit rate far above the benchmark's load (at most ≈1,600 requests per second measured), or
      // the society default of 200 per second would be what the benchmark measures.
      const { key } = await createApiKey(orm.em.fork(), { role: "society", societyId: directory.societyId, label: "benchmark", rate: BENCHMARK_KEY_RATE });
      directory.authorization = `Bearer ${key}`;
    } finally {
      await orm.close();
    }
    return { ...directory, memberAccess, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * The postmaster of the server holding `databaseUrl`: the parent of the backend serving a connection, if
 * that process is a PostgreSQL process on this machine (else null, and PostgreSQL's CPU is not reported).
 */
async function postmasterOf(databaseUrl: string): Promise<number | null> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>("select pg_backend_pid() as pid");
    const postmaster = parentPid(rows[0]!.pid);
    return postmaster !== null && processName(postmaster) === "postgres" ? postmaster : null;
  } finally {
    await client.end();
  }
}

/** CPU time so far of every process serving a request through `gateway`, in ms. */
function cpuByProcess(directory: Directory, gateway: Service): Record<string, number> {
  return {
    gateway: cpuMs(gateway.child.pid!),
    access: cpuMs(directory.memberAccess.child.pid!),
    ...Object.fromEntries(directory.subgraphs.map((subgraph) => [subgraph.name, cpuMs(subgraph.child.pid!)])),
    ...(directory.postmasterPid ? { postgres: postgresCpuMs(directory.postmasterPid) } : {}),
  };
}

/**
 * Waits until the processes serving requests use less than a tenth of a core (at most 15 s): no request
 * is left in flight. Their background work (change feeds, caches) stays below that.
 */
async function untilQuiet(directory: Directory, gateway: Service): Promise<void> {
  const total = () => Object.values(cpuByProcess(directory, gateway)).reduce((sum, ms) => sum + ms, 0);
  let last = total();
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; ) {
    await sleep(500);
    const now = total();
    if (now - last < 50) return;
    last = now;
  }
}

/** Starts one of the compared gateways in front of the directory's subgraphs. */
async function startGateway(gateway: GatewayName, directory: Directory, supergraphFile: string, port = 0): Promise<Service> {
  if (gateway === "copnet") {
    return startService("copnet", "gateway/main.ts", [], {
      ...process.env,
      NODE_ENV: "production",
      GATEWAY_PORT: String(port),
      GATEWAY_DATABASE_URL: directory.databaseUrl("gateway"),
      ...Object.fromEntries(directory.subgraphs.map((subgraph) => [`${subgraph.name.toUpperCase()}_URL`, subgraph.url])),
    }, gatewayNodeFlags);
  }
  return startService(gateway, `bench/gateways/${gateway}.ts`, [supergraphFile, directory.signingKeyFile, directory.societyId]);
}

/** The composed supergraph with this run's subgraph addresses, for the gateways without a registry. */
async function writeSupergraph(directory: Directory): Promise<string> {
  const urls = new Map(directory.subgraphs.map((subgraph) => [subgraph.name, subgraph.url]));
  const sdl = (await readFile("schema/supergraph.graphql", "utf8")).replace(
    /@join__graph\(name: "([^"]+)", url: "[^"]+"\)/g,
    (whole, name: string) => (urls.has(name) ? `@join__graph(name: "${name}", url: "${urls.get(name)}")` : whole),
  );
  const file = join(tmpdir(), `copnet-bench-supergraph-${process.pid}.graphql`);
  await writeFile(file, sdl);
  return file;
}

async function graphql<T>(url: string, authorization: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const body = await post(url, authorization, JSON.stringify({ query, variables }));
  if (body.errors || !body.data) throw new Error(`${query.slice(0, 60)}…: ${JSON.stringify(body.errors)}`);
  return body.data as T;
}

async function post(url: string, authorization: string, body: string): Promise<{ data?: unknown; errors?: unknown }> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization }, body });
  return (await response.json()) as { data?: unknown; errors?: unknown };
}

/** The directory's fixtures, read through a copnet gateway started for that. */
async function fixturesOf(directory: Directory): Promise<Fixtures> {
  const setup = await startGateway("copnet", directory, "");
  const fixtures = await readFixtures(setup.url, directory.authorization, directory.societyId).finally(() => stopService(setup));
  const counts = fixtureCounts(fixtures);
  progress(`fixtures: ${counts.member} members, ${counts.matches} mentees, ${counts.search} search terms (distinct, cycled in turn)`);
  return fixtures;
}

/** How many distinct operations each per-visitor scenario cycles through. */
const fixtureCounts = (fixtures: Fixtures) => ({ member: new Set(fixtures.memberIds).size, matches: new Set(fixtures.menteeIds).size, search: new Set(fixtures.searchTerms).size });

/** The 1-, 5- and 15-minute load averages of the machine, as `uptime` shows them. */
const loadAverage = () => loadavg().map((load) => load.toFixed(2)).join(" ");

/**
 * Ids and words from the seeded directory — several times more of each than connections, so identical
 * requests are in flight together only by chance — and a large event of the calling society for the
 * write mix. Members and mentees belong to the calling society, so member detail fetches the private
 * fields a society sees of its own members.
 */
async function readFixtures(url: string, authorization: string, society: string): Promise<Fixtures> {
  type Node = { id: string; expertise: string[]; familyName: string };
  type Page = { members: { pageInfo: { endCursor: string | null }; edges: Array<{ node: Node }> } };
  const nodes: Node[] = [];
  let after: string | null = null;
  for (let page = 0; page < 3; page++) {
    const { members }: Page = await graphql<Page>(url, authorization, FIXTURE_QUERIES.members, { after, society });
    nodes.push(...members.edges.map((edge) => edge.node));
    after = members.pageInfo.endCursor;
  }
  const mentees = await graphql<{ members: { edges: Array<{ node: { id: string } }> } }>(url, authorization, FIXTURE_QUERIES.mentees, { society });
  const programs = await graphql<{ mentoringPrograms: Array<{ id: string; format: string }> }>(url, authorization, FIXTURE_QUERIES.programs);
  const startsAt = new Date(Date.now() + 30 * 86_400_000);
  const created = await graphql<{ createEvent: { id: string } }>(url, authorization, FIXTURE_QUERIES.createEvent, {
    input: {
      title: "copnet benchmark webinar",
      kind: "WEBINAR",
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
      timezone: "Europe/London",
      online: true,
      capacity: 100_000,
      cpdCredits: 1,
    },
  });
  return {
    memberIds: nodes.map((node) => node.id),
    menteeIds: mentees.members.edges.map((edge) => edge.node.id),
    programId: programs.mentoringPrograms.find((program) => program.format === "ONE_TO_ONE")!.id,
    searchTerms: [...new Set(nodes.flatMap((node) => [node.familyName, ...node.expertise.slice(0, 1)]))].slice(0, 200),
    eventId: created.createEvent.id,
  };
}

/**
 * Every gateway must give copnet's answers before it is timed. One that cannot (an error, or other data)
 * is left out of that scenario, and the report says why; copnet failing a probe stops the run.
 */
async function verifySameAnswers(directory: Directory, supergraphFile: string, scenarios: ScenarioName[], fixtures: Fixtures, gateways: GatewayName[]): Promise<Exclusion[]> {
  const expected = new Map<string, string>();
  const exclusions: Exclusion[] = [];
  for (const gateway of gateways) {
    const service = await startGateway(gateway, directory, supergraphFile);
    try {
      for (const scenario of scenarios) {
        for (const probe of SCENARIOS[scenario].probes(fixtures)) {
          const { data, errors } = await post(service.url, directory.authorization, probe);
          const answer = JSON.stringify(data);
          const reason = errors
            ? `cannot answer: ${JSON.stringify(errors).slice(0, 240)}`
            : expected.has(probe) && expected.get(probe) !== answer
              ? `answers differently from copnet: ${answer.slice(0, 240)}`
              : null;
          if (gateway === "copnet" && reason) throw new Error(`copnet failed the ${scenario} probe: ${reason}`);
          if (gateway === "copnet") expected.set(probe, answer);
          if (reason) {
            exclusions.push({ scenario, title: SCENARIOS[scenario].title, gateway, reason });
            progress(`${gateway} is left out of ${SCENARIOS[scenario].title}: ${reason}`);
            break;
          }
        }
      }
    } finally {
      await stopService(service);
    }
  }
  progress(`answers checked: ${scenarios.length} scenarios, ${exclusions.length} left out`);
  return exclusions;
}

async function sqlTotal(directory: Directory): Promise<number> {
  const counts = await Promise.all(directory.subgraphs.map(sqlStatements));
  return counts.reduce((sum, count) => sum + count, 0);
}

/** Warm-up, then a measured load through one freshly started gateway. */
async function measure(gateway: GatewayName, directory: Directory, supergraphFile: string, load: Omit<LoadOptions, "url" | "seconds" | "authorization">, settings: Settings) {
  const service = await startGateway(gateway, directory, supergraphFile);
  try {
    const options = { ...load, url: service.url, authorization: directory.authorization };
    await runJson<LoadResult>("bench/load.ts", [JSON.stringify({ ...options, seconds: settings.warmup })]);
    // CPU and SQL are counted from quiet to quiet, per request sent: the warm-up's requests left in flight
    // are not this round's, and this round's still in flight at the end are (they are served all the same).
    await untilQuiet(directory, service);
    const sqlBefore = await sqlTotal(directory);
    const cpuBefore = cpuByProcess(directory, service);
    const result = await runJson<LoadResult>("bench/load.ts", [JSON.stringify({ ...options, seconds: settings.seconds })]);
    await untilQuiet(directory, service);
    const cpuAfter = cpuByProcess(directory, service);
    const sql = (await sqlTotal(directory)) - sqlBefore;
    const perRequest = (value: number) => (result.sent ? value / result.sent : 0);
    const cpuMsPerRequest = Object.fromEntries(Object.entries(cpuAfter).map(([process, ms]) => [process, perRequest(ms - cpuBefore[process]!)]));
    return { ...result, peakRssMb: peakRssMb(service), sqlPerRequest: perRequest(sql), cpuMsPerRequest };
  } finally {
    await stopService(service);
  }
}

/** SQL statements per directory page at several page sizes, one request at a time through copnet. */
async function sqlPerPageSize(directory: Directory): Promise<Record<number, number>> {
  const service = await startGateway("copnet", directory, "");
  try {
    const perSize: Record<number, number> = {};
    for (const first of [5, 20, 100]) {
      await graphql(service.url, directory.authorization, DIRECTORY_PAGE, { first });
      const before = await sqlTotal(directory);
      for (let i = 0; i < 10; i++) await graphql(service.url, directory.authorization, DIRECTORY_PAGE, { first });
      perSize[first] = ((await sqlTotal(directory)) - before) / 10;
    }
    return perSize;
  } finally {
    await stopService(service);
  }
}

async function comparisonRun(serverUrl: string, members: number, scenarios: ScenarioName[], settings: Settings, mode: string, perVisitor: boolean): Promise<void> {
  const started = Date.now();
  const directory = await openDirectory(serverUrl, members);
  try {
    const supergraphFile = await writeSupergraph(directory);
    const fixtures = await fixturesOf(directory);
    const exclusions = await verifySameAnswers(directory, supergraphFile, scenarios, fixtures, settings.gateways);
    const rounds: Round[] = [];
    for (const scenario of scenarios) {
      for (let round = 1; round <= settings.rounds; round++) {
        for (const gateway of settings.gateways) {
          if (exclusions.some((excluded) => excluded.scenario === scenario && excluded.gateway === gateway)) continue;
          const result = await measure(gateway, directory, supergraphFile, { scenario, fixtures, connections: settings.connections }, settings);
          const title = SCENARIOS[scenario].title;
          rounds.push({ scenario, title, gateway, round, ...result });
          const cpu = Object.values(result.cpuMsPerRequest).reduce((sum, ms) => sum + ms, 0);
          progress(`${title}, round ${round}/${settings.rounds}, ${gateway}: ${result.rps.toFixed(0)} rps, p99 ${result.p99} ms, ${result.errors} errors, RSS ${result.peakRssMb.toFixed(0)} MB, CPU ${cpu.toFixed(1)} ms/request`);
          if (result.firstError) progress(`  first error: ${result.firstError}`);
        }
      }
    }
    const sqlBySize = scenarios.includes("directory") ? await sqlPerPageSize(directory) : null;
    const summaries = summarise(rounds);
    const load = loadAverage();
    const caption = `${members} members, ${settings.connections} connections, ${settings.seconds} s × ${settings.rounds} rounds, ${cpus().length} cores, load ${load}, ${new Date().toISOString().slice(0, 10)}`;
    await mkdir("bench/results", { recursive: true });
    await writeFile(
      `bench/results/${mode}.json`,
      JSON.stringify({ date: new Date().toISOString(), commit: gitCommit(), node: process.version, cores: cpus().length, loadAverage: load, members, settings, distinctFixtures: fixtureCounts(fixtures), sqlPerDirectoryPage: sqlBySize, exclusions, rounds, summaries }, null, 2),
    );
    await writeFile(`bench/results/${mode}.svg`, chart(summaries, caption));
    console.log(`\n${caption}\n\n${table(summaries, exclusions)}\n`);
    console.log(`CPU ms per request by process (user + system; access: the copnet gateway the subgraphs ask about member access; postgres: every backend)\n\n${cpuTable(summaries)}\n`);
    if (sqlBySize) console.log(`SQL statements per directory page (one request at a time), by page size: ${Object.entries(sqlBySize).map(([size, count]) => `${size}: ${count.toFixed(1)}`).join(", ")}`);
    console.log(`results: bench/results/${mode}.json, chart: bench/results/${mode}.svg, in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
    for (const scenario of scenarios) console.log(summaryLine(summaries, scenario));
    if (perVisitor) console.log(perVisitorLine(summaries));
  } finally {
    await directory.close();
  }
}

/** copnet's latency per page for one client at a time (nothing to queue behind) as the directory grows. */
async function scalingRun(serverUrl: string, sizes: number[], scenarios: ScenarioName[], settings: Settings): Promise<void> {
  const results: ScalingResult[] = [];
  for (const members of sizes) {
    const directory = await openDirectory(serverUrl, members);
    try {
      const fixtures = await fixturesOf(directory);
      for (const scenario of scenarios) {
        const result = await measure("copnet", directory, "", { scenario, fixtures, connections: 1 }, settings);
        results.push({ members, scenario, title: SCENARIOS[scenario].title, p50: result.p50, p99: result.p99, rps: result.rps, errors: result.errors });
        progress(`${members} members, ${SCENARIOS[scenario].title}: p50 ${result.p50} ms, p99 ${result.p99} ms, ${result.errors} errors`);
      }
    } finally {
      await directory.close();
    }
  }
  await mkdir("bench/results", { recursive: true });
  await writeFile("bench/results/scaling.json", JSON.stringify({ date: new Date().toISOString(), commit: gitCommit(), loadAverage: loadAverage(), settings: { ...settings, connections: 1 }, results }, null, 2));
  console.log(`\n${scalingTable(results)}`);
}

/**
 * copnet's gateway (as shipped, its own process) under the soak mix: first the normal traffic alone, then the
 * same traffic beside every flood, on one gateway process; its RSS before, after and at peak.
 */
async function soakRun(serverUrl: string, members: number, seconds: number): Promise<void> {
  const directory = await openDirectory(serverUrl, members);
  try {
    const fixtures = await fixturesOf(directory);
    const gateway = await startGateway("copnet", directory, "");
    try {
      const options = { url: gateway.url, authorization: directory.authorization, programId: fixtures.programId };
      await runJson<SoakResult>("bench/soak-load.ts", [JSON.stringify({ ...options, seconds: 5, floods: false })]);
      const normal = await runJson<SoakResult>("bench/soak-load.ts", [JSON.stringify({ ...options, seconds, floods: false })]);
      const rssBefore = rssMb(gateway);
      progress(`normal traffic alone: ${normal.normal.requests} requests, p99 ${normal.normal.p99} ms; gateway RSS ${rssBefore.toFixed(0)} MB`);
      const mixed = await runJson<SoakResult>("bench/soak-load.ts", [JSON.stringify({ ...options, seconds })]);
      const result = { date: new Date().toISOString(), commit: gitCommit(), members, seconds, normal, mixed, rssMb: { beforeFloods: rssBefore, afterFloods: rssMb(gateway), peak: peakRssMb(gateway) } };
      await mkdir("bench/results", { recursive: true });
      await writeFile("bench/results/soak.json", JSON.stringify(result, null, 2));
      console.log(`\nsoak: ${members} members, ${seconds} s per phase, ${cpus().length} cores\n`);
      console.log(`| phase | normal requests | normal failures | p50 ms | p99 ms | gateway RSS MB |\n|---|---|---|---|---|---|`);
      console.log(`| normal traffic alone | ${normal.normal.requests} | ${normal.normal.failures} | ${normal.normal.p50} | ${normal.normal.p99} | ${rssBefore.toFixed(0)} |`);
      console.log(`| with every flood | ${mixed.normal.requests} | ${mixed.normal.failures} | ${mixed.normal.p50} | ${mixed.normal.p99} | ${result.rssMb.afterFloods.toFixed(0)} (peak ${result.rssMb.peak.toFixed(0)}) |`);
      console.log(`\n| flood | requests | answers | 5xx or internal errors |\n|---|---|---|---|`);
      for (const [name, flood] of Object.entries(mixed.floods)) {
        console.log(`| ${name} | ${flood.requests} | ${Object.entries(flood.statuses).map(([status, count]) => `${status}: ${count}`).join(", ")} | ${flood.serverErrors} |`);
      }
      if (mixed.normal.firstFailure) console.log(`\nfirst failed normal request: ${mixed.normal.firstFailure}`);
      console.log(`\nresults: bench/results/soak.json`);
    } finally {
      await stopService(gateway);
    }
  } finally {
    await directory.close();
  }
}

function gitCommit(): string | null {
  try {
    return execSync("git rev-parse --short HEAD", { stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
  } catch {
    return null;
  }
}
