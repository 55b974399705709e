import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDemoNetwork, DEMO_SOCIETIES } from "../../seed/demo-network.js";
import type { RunningSubgraph } from "../../lib/subgraph.js";
import { adminRequest, runCopnet } from "../support/admin.js";
import { startJournalClub } from "../support/journal-club.js";
import { startLoad } from "../support/load.js";
import { postGraphQL, send, startTestNetwork, type TestNetwork } from "../support/network.js";
import { eventually } from "../support/poll.js";
import { sqlRows } from "../support/rows.js";

let network: TestNetwork;
let journalClub: RunningSubgraph;
const presenter = buildDemoNetwork().members[1]!; // Jürgen Müller, listed
const HTCN = DEMO_SOCIETIES[1];

beforeAll(async () => {
  network = await startTestNetwork();
  journalClub = await startJournalClub(network, presenter.id as string);
});
afterAll(async () => {
  await journalClub?.close();
  await network?.stop();
});

const copnet = (...args: string[]) => runCopnet([...args, "--gateway", network.gatewayUrl, "--key", network.keys.admin!]);
const admin = (path: string, body?: unknown, key = network.keys.admin!) => adminRequest(network, path, body, key);
const version = async () => Number(JSON.parse((await send(new URL("/healthz", network.gatewayUrl).toString())).text).supergraphVersion);

const SESSIONS = `query PresentedSessions($id: ID!) { member(id: $id) { displayName journalClubSessions { paperTitle } } }`;
const SEARCHED_NAME = "jürgen.müller@uni-example.de";
const SESSIONS_BY_NAME = `query SessionsByName { members(first: 1, filter: { q: "${SEARCHED_NAME}" }) { edges { node { journalClubSessions { paperTitle } } } } }`;
/** Traffic that must keep working while the journal club comes and goes: it touches all four shipped subgraphs. */
const EVERYDAY = [
  { query: `query Directory { members(first: 5) { edges { node { displayName society { name } mentorProfile { capacity } works(first: 1) { totalCount } registrations { status } } } } }` },
  { query: `query Member($id: ID!) { member(id: $id) { displayName cpdCredits awards { name } } }`, variables: { id: presenter.id } },
];

describe("federating a new society's subgraph", () => {
  it("should start from the shipped subgraphs as version 1 and name the version on every response", async () => {
    expect(await version()).toBe(1);
    const response = await postGraphQL(network.gatewayUrl, { query: "{ societies { slug } }" });
    expect(response.headers.get("x-copnet-supergraph-version")).toBe("1");
    const history = await copnet("supergraph", "history");
    expect(history.stdout).toMatch(/^1\s+BOOTSTRAP\s.+members, mentorship, scholarship, events, communities, privacy ←$/m);
  });

  it("should check, publish, serve and remove the journal club under load, failing no request", async () => {
    const load = startLoad(network.gatewayUrl, network.keys.admin!, EVERYDAY);
    try {
      const check = await copnet("subgraph", "check", "--name", "journalclub", "--url", journalClub.url, "--society", HTCN.slug);
      expect(check.code).toBe(0);
      expect(check.stdout).toContain("✓ composes with the other subgraphs");
      expect(check.stdout).toContain("✓ no breaking changes for clients");

      const published = await copnet("subgraph", "publish", "--name", "journalclub", "--url", journalClub.url, "--society", HTCN.slug);
      expect(published.code).toBe(0);
      expect(published.stdout).toMatch(/published: supergraph version 2 is live/);
      const { json } = await postGraphQL(network.gatewayUrl, { query: SESSIONS, variables: { id: presenter.id } });
      expect(json.errors).toBeUndefined();
      expect(json.data!.member).toEqual({ displayName: presenter.displayName, journalClubSessions: [{ paperTitle: "Anticoagulation in cancer-associated thrombosis" }] });

      const list = await copnet("subgraph", "list");
      expect(list.stdout).toMatch(new RegExp(`journalclub\\s+ACTIVE\\s+${HTCN.slug} \\(${HTCN.name}\\)`));

      const removed = await copnet("subgraph", "remove", "--name", "journalclub");
      expect(removed.stdout).toMatch(/removed: supergraph version 3 is live/);
      expect(removed.stdout).toContain("Member.journalClubSessions was removed");
      const gone = await postGraphQL(network.gatewayUrl, { query: SESSIONS, variables: { id: presenter.id } });
      expect(gone.json.errors![0]!.extensions!.code).toBe("GRAPHQL_VALIDATION_FAILED");
    } finally {
      const result = await load.stop();
      expect(result.failures).toEqual([]);
      expect(result.requests).toBeGreaterThan(20);
    }
    expect((await copnet("subgraph", "list")).stdout).toMatch(/journalclub\s+REMOVED/);
  });

  it("should refuse a subgraph that does not compose, in plain words, and leave the running supergraph unchanged", async () => {
    const before = await version();
    const check = await copnet("subgraph", "check", "--name", "journalclub", "--sdl", "test/fixtures/journal-club-conflict.graphql");
    expect(check.code).toBe(1);
    expect(check.stdout).toContain("✗ does not compose");
    expect(check.stdout).toContain('Type of field "Member.country" is incompatible across subgraphs: it has type "Int" in subgraph "journalclub" but type "String!" in subgraph "members"');

    const publish = await copnet("subgraph", "publish", "--name", "journalclub", "--url", journalClub.url, "--sdl", "test/fixtures/journal-club-conflict.graphql", "--force");
    expect(publish.code).toBe(1);
    expect(publish.stderr).toContain("refused: the subgraph does not compose");
    expect(await version()).toBe(before);
    const still = await postGraphQL(network.gatewayUrl, { query: "{ members(first: 1) { edges { node { country } } } }" });
    expect(still.json.data!.members.edges[0].node.country).toMatch(/^[A-Z]{2}$/);
  });

  it("should report a breaking change with the operations it breaks, and refuse it without --force", async () => {
    await copnet("subgraph", "publish", "--name", "journalclub", "--url", journalClub.url, "--society", HTCN.slug);
    // Partner frontends use the field; the gateway remembers the operations (flushed every few seconds).
    await postGraphQL(network.gatewayUrl, { query: SESSIONS, variables: { id: presenter.id } });
    await postGraphQL(network.gatewayUrl, { query: SESSIONS_BY_NAME });
    // Waits for the write (every few seconds) that records both, with their clients.
    await eventually(
      () => sqlRows<{ name: string }>(network.databaseUrl("gateway"), "select distinct o.name from known_operation o join known_operation_client c using (hash) where o.name in ('PresentedSessions', 'SessionsByName')"),
      (rows) => rows.length === 2,
      "the gateway to record PresentedSessions and SessionsByName",
      { everyMs: 100 },
    );
    const before = await version();

    const refused = await copnet("subgraph", "publish", "--name", "journalclub", "--url", journalClub.url, "--sdl", "test/fixtures/journal-club-v2-breaking.graphql");
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain("Member.journalClubSessions was removed");
    expect(refused.stdout).toContain("✗ 2 operations seen in traffic would fail:");
    expect(refused.stdout).toContain('- PresentedSessions: Cannot query field "journalClubSessions" on type "Member"');
    expect(refused.stdout).toContain('- SessionsByName: Cannot query field "journalClubSessions" on type "Member"');
    expect(refused.stderr).toContain("refused: the change would break clients");
    expect(await version()).toBe(before);

    // The report names the operation a literal was sent in, never the literal (operations are kept without them).
    const report = await admin("subgraphs/check", { name: "journalclub", sdl: await readFile("test/fixtures/journal-club-v2-breaking.graphql", "utf8") });
    expect(report.text).toContain("SessionsByName");
    expect(report.text).not.toContain(SEARCHED_NAME);
    expect(refused.stdout).not.toContain(SEARCHED_NAME);

    const forced = await copnet("subgraph", "publish", "--name", "journalclub", "--url", journalClub.url, "--sdl", "test/fixtures/journal-club-v2-breaking.graphql", "--force");
    expect(forced.code).toBe(1); // the report still lists the breaking change
    expect(forced.stdout).toContain(`published: supergraph version ${before + 1} is live`);
  });

  it("should roll back to an earlier version and keep every version in the history", async () => {
    const before = await version();
    const withSessions = before - 1; // published just before the forced breaking change
    const rolledBack = await copnet("supergraph", "rollback", "--to", String(withSessions));
    expect(rolledBack.stdout).toContain(`rolled back: version ${before + 1} restores version ${withSessions}`);
    const { json } = await postGraphQL(network.gatewayUrl, { query: SESSIONS, variables: { id: presenter.id } });
    expect(json.data!.member.journalClubSessions).toHaveLength(1);

    const history = (await admin("supergraph/history")).json as unknown as { current: number; versions: { version: number; action: string }[] };
    expect(history.current).toBe(before + 1);
    expect(history.versions.map((entry) => entry.version)).toEqual(Array.from({ length: before + 1 }, (_, index) => before + 1 - index));
    expect(history.versions.map((entry) => entry.action)).toEqual(["ROLLBACK", "PUBLISH", "PUBLISH", "REMOVE", "PUBLISH", "BOOTSTRAP"]);
  });

  it("should let a society check its own subgraph by SDL but not publish it, and refuse other societies and anonymous callers", async () => {
    const body = { name: "journalclub", sdl: await readFile("test/fixtures/journal-club-v2-breaking.graphql", "utf8") };
    expect((await admin("subgraphs/check", body, network.keys.htcn)).status).toBe(200);
    expect((await admin("subgraphs/publish", { ...body, url: journalClub.url }, network.keys.htcn)).status).toBe(403);
    expect((await admin("subgraphs/check", body, network.keys.ahea)).status).toBe(403);
    expect((await admin("subgraphs/check", body, network.keys.researcher)).status).toBe(403);
    const anonymous = await send(new URL("/admin/subgraphs", network.gatewayUrl).toString());
    expect(anonymous.status).toBe(401);
    expect(anonymous.json.errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
  });
});

/** The registry's own refusal (`{ error: { code, message } }`), as the admin API answers it. */
const refusal = (response: { json: unknown }) => (response.json as { error: { code: string; message: string } }).error;

/** A stand-in for whatever address a check might be pointed at: it counts calls and answers as told. */
async function listening(answer: (res: ServerResponse) => void): Promise<{ url: string; calls: () => number; close: () => Promise<void> }> {
  let calls = 0;
  const server: Server = createServer((req, res) => {
    calls++;
    req.resume();
    answer(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    calls: () => calls,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

describe("the addresses a check makes the gateway call", () => {
  it("should refuse a society key's check that names a url, calling nothing", async () => {
    const target = await listening((res) => res.end("{}"));
    try {
      for (const body of [{ name: "journalclub", url: target.url }, { name: "journalclub", url: target.url, sdl: "type Query { a: Int }" }, { name: "journalclub" }]) {
        const refused = await admin("subgraphs/check", body, network.keys.htcn);
        expect(refused.status).toBe(400);
        expect(refused.json.errors![0]!.message).toMatch(/A society key checks by SDL only/);
      }
      const cli = await promisify(execFile)(process.execPath, ["bin/copnet.js", "subgraph", "check", "--name", "journalclub", "--url", target.url, "--gateway", network.gatewayUrl, "--key", network.keys.htcn!]).catch((error: { stderr: string }) => error);
      expect(cli.stderr).toMatch(/400: A society key checks by SDL only/);
      expect(target.calls()).toBe(0);
    } finally {
      await target.close();
    }
  });

  it("should not follow a redirect from the address an admin gives", async () => {
    const elsewhere = await listening((res) => res.end("{}"));
    const redirecting = await listening((res) => {
      res.writeHead(307, { location: elsewhere.url });
      res.end();
    });
    try {
      const refused = await admin("subgraphs/check", { name: "redirected", url: redirecting.url });
      expect(refused.status).toBe(400);
      expect(refusal(refused)).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/redirect \(HTTP 307\), which the gateway does not follow/) });
      expect(redirecting.calls()).toBe(1);
      expect(elsewhere.calls()).toBe(0);
    } finally {
      await redirecting.close();
      await elsewhere.close();
    }
  });

  it("should stop reading an answer larger than 1 MiB, and give up on one that does not come within 3 s", async () => {
    const huge = await listening((res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write(`{"data":{"_service":{"sdl":"`);
      const chunk = "x".repeat(64 * 1024);
      let sent = 0;
      const more = () => {
        while (sent++ < 64) if (!res.write(chunk)) return void res.once("drain", more);
        res.end(`"}}}`);
      };
      more();
    });
    const silent = await listening(() => undefined);
    try {
      const tooLarge = await admin("subgraphs/check", { name: "huge", url: huge.url });
      expect(tooLarge.status).toBe(400);
      expect(refusal(tooLarge).message).toMatch(/the answer is larger than 1048576 bytes/);

      const started = Date.now();
      const slow = await admin("subgraphs/check", { name: "slow", url: silent.url });
      expect(slow.status).toBe(400);
      expect(refusal(slow).message).toMatch(/no answer within 3000 ms/);
      expect(Date.now() - started).toBeLessThan(6000);
    } finally {
      await huge.close();
      await silent.close();
    }
  });
});
