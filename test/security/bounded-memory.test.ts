import { createHash } from "node:crypto";
import v8 from "node:v8";
import vm from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postGraphQL, send, startTestNetwork, type TestNetwork } from "../support/network.js";
import { eventually } from "../support/poll.js";
import { sqlRows } from "../support/rows.js";

/** V8's collector, made callable from a test without starting Node with --expose-gc. */
const collectGarbage: () => void = (() => {
  v8.setFlagsFromString("--expose-gc");
  return vm.runInNewContext("gc") as () => void;
})();

let network: TestNetwork;
beforeAll(async () => {
  network = await startTestNetwork();
});
afterAll(() => network?.stop());

const metricsOf = async (gatewayUrl: string) => (await send(new URL("/metrics", gatewayUrl).toString())).text;

/** `copnet_bounded_entries` and `copnet_bounded_capacity` by map, as /metrics reports them. */
async function bounds(gatewayUrl: string): Promise<Record<string, { entries: number; capacity: number }>> {
  const found: Record<string, { entries: number; capacity: number }> = {};
  for (const [, kind, map, value] of (await metricsOf(gatewayUrl)).matchAll(/^copnet_bounded_(entries|capacity)\{map="([^"]+)"[^}]*\} (\S+)$/gm)) {
    found[map!] ??= { entries: NaN, capacity: NaN };
    found[map!]![kind === "entries" ? "entries" : "capacity"] = Number(value);
  }
  return found;
}

/** Sends requests `concurrency` at a time; returns every response. */
async function flood<T>(count: number, concurrency: number, request: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const index = next++;
        results[index] = await request(index);
      }
    }),
  );
  return results;
}

const megabytes = (bytes: number) => Math.round(bytes / 1024 / 1024);
const knownOperations = () => sqlRows<{ hash: string; name: string | null; document: string }>(network.databaseUrl("gateway"), "select hash, name, document from known_operation");
/** The recorded operations once the gateway's write (every 5 s) has stored every one of `names`. */
const recorded = (...names: string[]) =>
  eventually(knownOperations, (rows) => names.every((name) => rows.some((row) => row.name === name)), `the gateway to record ${names.join(", ")}`, { everyMs: 100 });

describe("documents padded with comments", () => {
  it("should refuse forty 900 kB comment-padded documents before parsing, keeping none of them", async () => {
    // The gateway runs in this process: collect garbage before each reading, so what is compared is what is kept.
    collectGarbage();
    const before = process.memoryUsage();
    const documentsBefore = (await bounds(network.gatewayUrl)).documents!.entries;
    const answers = await flood(40, 4, (n) => postGraphQL(network.gatewayUrl, { query: `# ${n}\n#${"x".repeat(900_000)}\n{ __typename }` }));
    collectGarbage();
    const after = process.memoryUsage();
    console.log(`comment flood: test process (gateway in it) RSS ${megabytes(before.rss)} → ${megabytes(after.rss)} MB, heap ${megabytes(before.heapUsed)} → ${megabytes(after.heapUsed)} MB`);

    for (const answer of answers) {
      expect(answer.status).toBe(413);
      expect(answer.json.errors![0]!.extensions!.code).toBe("PAYLOAD_TOO_LARGE");
      expect(answer.json.errors![0]!.message).toMatch(/GraphQL document larger than 32768 bytes/);
    }
    expect((await bounds(network.gatewayUrl)).documents!.entries).toBe(documentsBefore);
    // Keeping the forty documents would hold 36 MB.
    expect(after.heapUsed - before.heapUsed).toBeLessThan(16 * 1024 * 1024);
  });

  it("should count comments and whitespace against the document size, however they are spread", async () => {
    const spaced = `{${" ".repeat(40_000)}__typename }`;
    const response = await postGraphQL(network.gatewayUrl, { query: spaced });
    expect(response.status).toBe(413);
    const viaGet = await send(`${network.gatewayUrl}?query=${encodeURIComponent(`{ __typename }#${"x".repeat(33_000)}`)}`, { headers: { "apollo-require-preflight": "true" } });
    expect([413, 431]).toContain(viaGet.status); // Node refuses a URL this long before the gateway sees it
  });

  it("should answer documents under the limit and record them once, without their comments", async () => {
    const answers = await flood(60, 4, (n) => postGraphQL(network.gatewayUrl, { query: `# visitor ${n}\n#${"y".repeat(20_000)}\nquery Padded { __typename }` }));
    expect(answers.every((answer) => answer.status === 200 && answer.json.data!.__typename === "Query")).toBe(true);
    const padded = (await recorded("Padded")).filter((operation) => operation.name === "Padded");
    expect(padded).toHaveLength(1);
    expect(padded[0]!.document).toBe("query Padded {\n  __typename\n}");
  });
});

describe("recorded operations", () => {
  it("should keep no literal a client sent, only each operation's shape with typed variables", async () => {
    const query = `query FindByEmail { members(first: 3, filter: { q: "jürgen.müller@example.org", country: "DE" }) { totalCount } }`;
    expect((await postGraphQL(network.gatewayUrl, { query })).json.errors).toBeUndefined();
    const pair = `query First { societies { slug } } query Second { societies { name } }`;
    for (const operationName of ["First", "Second"]) expect((await postGraphQL(network.gatewayUrl, { query: pair, operationName })).json.errors).toBeUndefined();
    const documents = new Map((await recorded("FindByEmail", "First", "Second")).map((operation) => [operation.name, operation.document]));
    expect(documents.get("FindByEmail")).not.toMatch(/müller|example\.org|"DE"|\b3\b/);
    expect(documents.get("FindByEmail")).toMatch(/query FindByEmail\(\$_1: Int!, \$_2: String!, \$_3: String!\)/);
    // Each operation of a document is recorded on its own.
    expect(documents.get("First")).toBe("query First {\n  societies {\n    slug\n  }\n}");
    expect(documents.get("Second")).toBe("query Second {\n  societies {\n    name\n  }\n}");
  });

  it("should keep only the newest operations in the registry, evicting the oldest", async () => {
    const gateway = network.databaseUrl("gateway");
    await sqlRows(gateway, `insert into known_operation (hash, name, document, last_seen_at)
      select md5(n::text) || md5(n::text), 'Old' || n, '{ __typename }', now() - interval '1 day' - n * interval '1 second' from generate_series(1, 1000) n`);
    expect((await postGraphQL(network.gatewayUrl, { query: "query Newest { __typename }" })).status).toBe(200);
    // The write that stores Newest then evicts beyond the bound, and reports how many it kept: wait until it is done.
    await eventually(
      async () => ({ rows: await knownOperations(), stored: (await bounds(network.gatewayUrl)).operation_records_stored!.entries }),
      ({ rows, stored }) => rows.some((row) => row.name === "Newest") && rows.length === stored,
      "the gateway to record Newest and evict the oldest",
      { everyMs: 200 },
    );
    const rows = await knownOperations();
    expect(rows).toHaveLength(1000);
    expect(rows.map((row) => row.name)).toContain("Newest");
    expect(rows.map((row) => row.name)).not.toContain("Old1000");
    expect((await bounds(network.gatewayUrl)).operation_records_stored).toEqual({ entries: 1000, capacity: 1000 });
  });

  it("should hold at most its bound of distinct operations waiting to be written", async () => {
    const gateway = await network.addGateway({ memory: { operationRecords: 10 } });
    await flood(50, 5, (n) => postGraphQL(gateway.url, { query: `query Distinct${n} { a${n}: __typename }` }));
    expect((await bounds(gateway.url)).operation_records).toEqual({ entries: 10, capacity: 10 });
  });
});

describe("maps keyed by what clients send", () => {
  it("should keep at most its bound of parsed and normalised documents, query plans and persisted queries", async () => {
    const gateway = await network.addGateway({ memory: { documents: 20, queryPlans: 20, persistedQueries: 20 } });
    const answers = await flood(100, 5, (n) => {
      const query = `query Page${n} { societies { slug } }`;
      const persistedQuery = { version: 1, sha256Hash: createHash("sha256").update(query).digest("hex") };
      return postGraphQL(gateway.url, { query, extensions: { persistedQuery } });
    });
    expect(answers.every((answer) => answer.json.data?.societies.length === 4)).toBe(true);
    const found = await bounds(gateway.url);
    for (const map of ["documents", "operation_documents", "query_plans", "persisted_queries"]) expect(found[map], map).toEqual({ entries: 20, capacity: 20 });
  });

  it("should share at most its bound of reads in flight, and answer every read", async () => {
    const gateway = await network.addGateway({ memory: { readsInFlight: 2, subgraphFetchesInFlight: 2 } });
    let peak = { reads: 0, fetches: 0 };
    let flooding = true;
    const watching = (async () => {
      while (flooding) {
        const found = await bounds(gateway.url);
        peak = { reads: Math.max(peak.reads, found.read_coalescing!.entries), fetches: Math.max(peak.fetches, found.subgraph_fetches!.entries) };
      }
    })();
    const query = `query Search($q: String) { members(first: 5, filter: { q: $q }) { edges { node { displayName works(first: 1) { totalCount } } } } }`;
    const answers = await flood(60, 20, (n) => postGraphQL(gateway.url, { query, variables: { q: `term ${n}` } }));
    flooding = false;
    await watching;
    expect(answers.every((answer) => answer.status === 200 && answer.json.errors === undefined)).toBe(true);
    expect(peak.reads).toBeLessThanOrEqual(2);
    expect(peak.fetches).toBeLessThanOrEqual(2);
    const found = await bounds(gateway.url);
    expect(found.read_coalescing!.capacity).toBe(2);
    expect(found.subgraph_fetches!.capacity).toBe(2);
  });

  it("should remember no unknown API key, and at most its bound of known ones", async () => {
    const gateway = await network.addGateway({ memory: { apiKeys: 3 } });
    const unknown = await flood(200, 10, (n) => postGraphQL(gateway.url, { query: "{ __typename }" }, { authorization: `Bearer copnet_unknown${n}` }));
    // Refused as unknown, or by the unknown-key rate of the address once that is spent: never remembered.
    expect(unknown.every((answer) => answer.status === 401 || answer.status === 429)).toBe(true);
    expect((await bounds(gateway.url)).api_keys).toEqual({ entries: 0, capacity: 3 });

    // The flood spent this address's unknown-key allowance (a second's worth); known keys come after it refills.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const keys = Object.values(network.keys);
    const known = await flood(keys.length * 2, 2, (n) => postGraphQL(gateway.url, { query: "{ __typename }" }, { authorization: `Bearer ${keys[n % keys.length]}` }));
    expect(known.every((answer) => answer.status === 200)).toBe(true);
    expect((await bounds(gateway.url)).api_keys).toEqual({ entries: 3, capacity: 3 });
  });
});

describe("metric labels clients control", () => {
  const operationLabels = (text: string) => new Set([...text.matchAll(/^copnet_graphql_requests_total\{operation="([^"]*)"/gm)].map((match) => match[1]));

  it("should give the first 100 operation names their own series and count the rest as other, so /metrics stops growing", async () => {
    const gateway = await network.addGateway();
    await flood(200, 5, (n) => postGraphQL(gateway.url, { query: `query Named${n} { __typename }` }));
    const first = await metricsOf(gateway.url);
    await flood(200, 5, (n) => postGraphQL(gateway.url, { query: `query Later${n} { __typename }` }));
    const second = await metricsOf(gateway.url);

    const labels = operationLabels(second);
    expect(labels.size).toBeLessThanOrEqual(101);
    expect(labels).toContain("Named0");
    expect(labels).toContain("other");
    expect([...labels].some((label) => label!.startsWith("Later"))).toBe(false);
    // Counters gain digits and process gauges change; 200 more series used to add ~320 kB.
    expect(second.length - first.length).toBeLessThan(4096);
    expect((await bounds(gateway.url)).metric_operation_names).toEqual({ entries: 100, capacity: 100 });
  });
});
