import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { journalClubSubgraph } from "../../examples/journal-club/server.js";
import { dropDatabase, ensureDatabase, migrate, openDatabase } from "../../lib/database.js";
import type { RunningServer } from "../../lib/http.js";
import { printSubgraphSdl, startSubgraph, type RunningSubgraph } from "../../lib/subgraph.js";
import { createApiKey, revokeApiKey } from "../../gateway/api-key/api-keys.js";
import { gatewayDatabase } from "../../gateway/database.js";
import { startGateway } from "../../gateway/server.js";
import { readSupergraphConfig, shippedSubgraphs } from "../../gateway/supergraph.js";
import { DEMO_SOCIETIES, buildDemoNetwork } from "../../seed/demo-network.js";
import { SUBGRAPHS } from "../../subgraphs/index.js";
import { startJournalClub } from "../support/journal-club.js";
import { startLoad, type LoadResult } from "../support/load.js";
import { TEST_KEY_RATE, postGraphQL, send, startTestNetwork, type TestNetwork } from "../support/network.js";
import { startRoundRobin, type RoundRobin } from "../support/round-robin.js";

/*
 * copnet scaled out as on Kubernetes, on this machine: three gateways behind a round-robin balancer (the
 * gateway's Service), two replicas of the members subgraph behind another (the members Service), every
 * subgraph reaching the gateways' keys and member access through the first. What one gateway is told —
 * a published subgraph, a revoked key, a withdrawn consent — every gateway acts on within the bound README
 * documents (Deploying on Kubernetes): a new supergraph within the registry poll interval plus composition,
 * a key and a consent at once. Then the gateways are replaced one by one, as a rolling update does, while
 * partner traffic flows: no request fails.
 */
const REGISTRY_POLL_MS = 200;
/** The documented bound for a supergraph to reach every gateway: the poll interval plus composing and loading it (a few seconds on a busy two-core machine). */
const SUPERGRAPH_BOUND_MS = REGISTRY_POLL_MS + 5000;
/** Revocations and consent act on the next request; the poll only absorbs scheduling on a busy machine. */
const IMMEDIATE_BOUND_MS = 1000;
/** A gateway leaving the balancer keeps accepting this long before it closes (5 s in the manifests). */
const PRE_STOP_MS = 500;

const demo = buildDemoNetwork();
const hidden = demo.members.find((member) => member.listed)!;
const hiddenSocietyKey = () => network.keys[DEMO_SOCIETIES.find((society) => society.id === hidden.societyId)!.slug]!;

let network: TestNetwork;
let gatewayBalancer: RoundRobin;
let membersBalancer: RoundRobin;
let membersReplica: RunningSubgraph;
let journalClub: RunningSubgraph;
let gateways: RunningServer[] = [];
/** Gateways started for the rolling update and not yet swapped in. */
let spares: RunningServer[] = [];
let startReplica: () => Promise<RunningServer>;

const originOf = (server: { url: string }) => new URL(server.url).origin;
const health = async (origin: string) => JSON.parse((await send(`${origin}/healthz`)).text) as { supergraphVersion: number };

/**
 * Polls `check` on every gateway until each has passed once (a gateway that passed is not asked again);
 * returns how long that took, and fails past `boundMs`.
 */
async function converged(boundMs: number, check: (origin: string) => Promise<boolean>): Promise<number> {
  const started = performance.now();
  let waiting = gateways.map(originOf);
  for (;;) {
    const passed = await Promise.all(waiting.map(check));
    waiting = waiting.filter((_, index) => !passed[index]);
    const elapsed = performance.now() - started;
    if (waiting.length === 0) return elapsed;
    expect(elapsed, `${waiting.join(", ")} still behind after ${Math.round(elapsed)} ms`).toBeLessThan(boundMs);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Waits for `/readyz` to answer 200, as the readiness probe does before a pod joins its Service. */
async function ready(origin: string): Promise<void> {
  const started = performance.now();
  while ((await send(`${origin}/readyz`)).status !== 200) {
    expect(performance.now() - started, `${origin} not ready`).toBeLessThan(30_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  gatewayBalancer = await startRoundRobin();
  network = await startTestNetwork({ gatewayOrigin: gatewayBalancer.origin });
  const members = network.subgraphs.find((subgraph) => subgraph.name === "members")!;
  // As in the manifests, this replica serves its metrics on a port of their own.
  membersReplica = await startSubgraph(SUBGRAPHS.members, { databaseUrl: network.databaseUrl("members"), port: 0, gatewayUrl: gatewayBalancer.origin, metricsPort: 0 });
  membersBalancer = await startRoundRobin([originOf(members), originOf(membersReplica)]);
  const shipped = await shippedSubgraphs(await readSupergraphConfig(), Object.fromEntries(network.subgraphs.map((subgraph) => [subgraph.name, subgraph.url])));
  startReplica = () =>
    startGateway({
      databaseUrl: network.databaseUrl("gateway"),
      port: 0,
      subgraphs: shipped,
      subgraphUrls: { members: `${membersBalancer.origin}/graphql` },
      registryPollMs: REGISTRY_POLL_MS,
      subgraphTimeoutMs: 20_000,
    });
  gateways = await Promise.all([startReplica(), startReplica(), startReplica()]);
  for (const gateway of gateways) {
    await ready(originOf(gateway));
    gatewayBalancer.add(originOf(gateway));
  }
  journalClub = await startJournalClub(network, hidden.id as string);
});

afterAll(async () => {
  for (const gateway of [...gateways, ...spares]) await gateway.close();
  await journalClub?.close();
  await membersReplica?.close();
  await network?.stop();
  await gatewayBalancer?.close();
  await membersBalancer?.close();
});

describe("three gateways and two members replicas behind round-robin balancers", () => {
  it("should converge every gateway on a newly published supergraph within the documented bound", async () => {
    const before = await health(originOf(gateways[0]!));
    const published = await send(`${gatewayBalancer.origin}/admin/subgraphs/publish`, {
      method: "POST",
      headers: { authorization: `Bearer ${network.keys.admin}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "journalclub", url: journalClub.url, sdl: printSubgraphSdl(journalClubSubgraph) }),
    });
    expect(published.status, published.text).toBe(200);
    const elapsed = await converged(SUPERGRAPH_BOUND_MS, async (origin) => (await health(origin)).supergraphVersion > before.supergraphVersion);
    console.log(`supergraph on all three gateways after ${Math.round(elapsed)} ms`);
    const versions = await Promise.all(gateways.map(async (gateway) => (await health(originOf(gateway))).supergraphVersion));
    expect(new Set(versions).size).toBe(1);
    // Every gateway plans over the new subgraph, whichever members replica answers the member part.
    for (const gateway of gateways) {
      const response = await postGraphQL(gateway.url, { query: `query ($id: ID!) { member(id: $id) { displayName journalClubSessions { paperTitle } } }`, variables: { id: hidden.id } });
      expect(response.json.errors).toBeUndefined();
      expect(response.json.data).toMatchObject({ member: { journalClubSessions: [{ paperTitle: "Anticoagulation in cancer-associated thrombosis" }] } });
    }
  });

  it("should refuse a revoked key on every gateway at once", async () => {
    const orm = await openDatabase({ url: network.databaseUrl("gateway"), ...gatewayDatabase });
    try {
      const { key, record } = await createApiKey(orm.em.fork(), { role: "society", societyId: hidden.societyId as string, label: "scale-out", rate: TEST_KEY_RATE });
      const status = async (origin: string) => (await postGraphQL(`${origin}/graphql`, { query: "{ societies { slug } }" }, { authorization: `Bearer ${key}` })).status;
      // Every gateway has accepted (and so remembers) the key before it is revoked.
      expect(await Promise.all(gateways.map((gateway) => status(originOf(gateway))))).toEqual([200, 200, 200]);
      await revokeApiKey(orm.em.fork(), record.id);
      const elapsed = await converged(IMMEDIATE_BOUND_MS, async (origin) => (await status(origin)) === 401);
      console.log(`revoked key refused by all three gateways after ${Math.round(elapsed)} ms`);
    } finally {
      await orm.close();
    }
  });

  it("should hide a member who withdraws consent on every gateway and through both members replicas", async () => {
    const MEMBER = `query ($id: ID!) { member(id: $id) { id displayName } }`;
    const visible = async (origin: string) => (await postGraphQL(`${origin}/graphql`, { query: MEMBER, variables: { id: hidden.id } })).json.data?.member !== null;
    expect(await Promise.all(gateways.map((gateway) => visible(originOf(gateway))))).toEqual([true, true, true]);
    const withdrawn = await postGraphQL(`${gatewayBalancer.origin}/graphql`, { query: `mutation ($id: ID!) { setDirectoryConsent(memberId: $id, input: { listed: false, research: false }) { id } }`, variables: { id: hidden.id } }, { authorization: `Bearer ${hiddenSocietyKey()}` });
    expect(withdrawn.json.errors).toBeUndefined();
    const elapsed = await converged(IMMEDIATE_BOUND_MS, async (origin) => !(await visible(origin)));
    console.log(`withdrawn member hidden on all three gateways after ${Math.round(elapsed)} ms`);
    // Four asks per gateway alternate between the two members replicas: absent from the directory on each, and
    // from the journal-club subgraph, which asks the gateways (through their balancer) whom it may show.
    for (const gateway of gateways) {
      for (let ask = 0; ask < 4; ask++) {
        const response = await postGraphQL(gateway.url, { query: `{ members(first: 100, filter: { q: ${JSON.stringify(hidden.familyName)} }) { edges { node { id } } } journalClubSessions { presenter { id } } }` });
        expect(response.json.errors).toBeUndefined();
        const data = response.json.data as { members: { edges: { node: { id: string } }[] }; journalClubSessions: unknown[] };
        expect(data.members.edges.map((edge) => edge.node.id)).not.toContain(hidden.id);
        // Its one session was presented by the hidden member: left out.
        expect(data.journalClubSessions).toEqual([]);
      }
    }
  });

  it("should fail no request while every gateway is replaced, one at a time, as a rolling update does", async () => {
    const load = startLoad(`${gatewayBalancer.origin}/graphql`, network.keys.hoecop!, [
      { query: `query Directory { members(first: 5) { edges { node { displayName society { name } mentorProfile { capacity } } } } }` },
      { query: `query Events { events(first: 3) { edges { node { title } } } }` },
    ], 4);
    const served = async () => {
      const before = load.requests();
      while (load.requests() < before + 10) await new Promise((resolve) => setTimeout(resolve, 20));
    };
    let result: LoadResult;
    try {
      // The replacements start together, which keeps this test short; they are swapped in one at a time as with
      // maxSurge 1 and maxUnavailable 0: a new gateway joins once its readiness probe passes, then an old one
      // leaves the balancer and drains.
      spares = await Promise.all(gateways.map(() => startReplica()));
      await served();
      for (let index = 0; index < gateways.length; index++) {
        const old = gateways[index]!;
        const replacement = spares.shift()!;
        gateways[index] = replacement;
        await ready(originOf(replacement));
        gatewayBalancer.add(originOf(replacement));
        gatewayBalancer.remove(originOf(old));
        // The manifests' preStop pause: requests the balancer routed to the old gateway just before reach it
        // before it stops accepting; then it drains those in flight.
        await new Promise((resolve) => setTimeout(resolve, PRE_STOP_MS));
        await old.close();
        await served();
      }
    } finally {
      // Also when a step failed: the clients must not keep loading the network while the next tests run.
      result = await load.stop();
    }
    console.log(`rolling restart: ${result.requests} requests, ${result.failures.length} failed`);
    expect(result.failures).toEqual([]);
    expect(result.requests).toBeGreaterThan(40);
    expect(gatewayBalancer.backends).toEqual(gateways.map(originOf));
  });

  it("should serve a replica's metrics only on its metrics port, never on the port the balancer reaches", async () => {
    expect((await send(`${originOf(membersReplica)}/metrics`)).status).toBe(404);
    const metrics = await send(`http://127.0.0.1:${membersReplica.metricsPort}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain("copnet_graphql_requests_total");
    expect((await send(`http://127.0.0.1:${membersReplica.metricsPort}/graphql`)).status).toBe(404);
  });

  it("should apply each migration once when three replicas' init containers migrate the same database together", async () => {
    const url = network.databaseUrl("migrate_race");
    await ensureDatabase(url);
    // One connection each (plus each one's lock session): the PostgreSQL server is shared with other test files.
    const replicas = await Promise.all([1, 2, 3].map(() => openDatabase({ url, entities: SUBGRAPHS.members.entities, migrations: SUBGRAPHS.members.migrations, poolSize: 1 })));
    try {
      const applied = await Promise.all(replicas.map((orm) => migrate(orm)));
      // One replica ran them all under the lock; the others waited and found nothing pending.
      expect(applied.flat().sort()).toEqual(SUBGRAPHS.members.migrations.map((migration) => migration.name).sort());
      for (const orm of replicas) expect(await orm.migrator.getPending()).toEqual([]);
    } finally {
      for (const orm of replicas) await orm.close();
      await dropDatabase(url);
    }
  });
});
