import net from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../lib/database.js";
import type { RunningServer } from "../../lib/http.js";
import { startSubgraph, type RunningSubgraph } from "../../lib/subgraph.js";
import { SUBGRAPHS } from "../../subgraphs/index.js";
import { postGraphQL, startTestNetwork, type TestNetwork } from "../support/network.js";

const SHORT = { headersMs: 500, requestMs: 1500 };
const STATEMENT_TIMEOUT_MS = 300;

let network: TestNetwork;
let gateway: RunningServer;
let members: RunningSubgraph;
beforeAll(async () => {
  network = await startTestNetwork();
  // A members subgraph and a gateway with short timeouts; the gateway reaches members through it.
  members = await startSubgraph(SUBGRAPHS.members, {
    databaseUrl: network.databaseUrl("members"),
    port: 0,
    gatewayUrl: network.gatewayOrigin,
    statementTimeoutMs: STATEMENT_TIMEOUT_MS,
    httpTimeouts: SHORT,
  });
  gateway = await network.addGateway({ httpTimeouts: SHORT, subgraphUrls: { members: members.url } });
});
afterAll(async () => {
  await members?.close();
  await network?.stop();
});

/**
 * A client that sends `head` at once, then one more byte every 50 ms, never finishing its request.
 * Resolves when the server closes the connection (or after 10 s), with what the server said.
 */
function slowClient(url: string, head: string, byte: string): Promise<{ afterMs: number; answer: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect(Number(port), hostname, () => socket.write(head));
    let answer = "";
    const drip = setInterval(() => {
      if (socket.writable) socket.write(byte);
    }, 50);
    const giveUp = setTimeout(() => socket.destroy(), 10_000);
    socket.on("data", (chunk) => (answer += chunk.toString()));
    socket.on("error", () => undefined);
    socket.on("close", () => {
      clearInterval(drip);
      clearTimeout(giveUp);
      resolve({ afterMs: Date.now() - started, answer });
    });
  });
}

const SLOW_HEADERS = "POST /graphql HTTP/1.1\r\nHost: localhost\r\nX-Padding: ";
const SLOW_BODY = "POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n";

describe("slow clients", () => {
  it.each([
    ["headers", SLOW_HEADERS, "a", SHORT.headersMs],
    ["body", SLOW_BODY, "{", SHORT.requestMs],
  ])("should cut off a client sending its %s byte by byte, on the gateway and on a subgraph", async (_part, head, byte, limitMs) => {
    for (const url of [gateway.url, members.url]) {
      const { afterMs, answer } = await slowClient(url, head, byte);
      expect(afterMs).toBeGreaterThanOrEqual(limitMs - 100);
      expect(afterMs).toBeLessThan(limitMs + 2000);
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    }
    // The servers keep answering everyone else.
    const response = await postGraphQL(gateway.url, { query: "{ societies { slug } }" });
    expect(response.status).toBe(200);
    expect(response.json.data!.societies.length).toBeGreaterThan(0);
  });
});

describe("slow statements", () => {
  it("should cancel a subgraph statement that runs past statement_timeout and answer with a masked error", async () => {
    // A society-table lock held elsewhere makes the subgraph's read wait: a statement as slow as we like.
    const locker = new pg.Client({ connectionString: network.databaseUrl("members") });
    await locker.connect();
    try {
      await locker.query("begin");
      await locker.query("lock table society in access exclusive mode");
      const started = Date.now();
      const response = await postGraphQL(gateway.url, { query: "{ societies { slug } }" });
      expect(Date.now() - started).toBeLessThan(STATEMENT_TIMEOUT_MS + 3000);
      expect(response.json.errors![0]!.extensions!.code).toBe("INTERNAL_SERVER_ERROR");
      expect(response.text).not.toMatch(/cancel|statement|lock|select|pg_|postgres/i);
    } finally {
      await locker.query("rollback");
      await locker.end();
    }
    expect((await postGraphQL(gateway.url, { query: "{ societies { slug } }" })).json.data!.societies.length).toBeGreaterThan(0);
  });

  it("should set statement_timeout on runtime pools only, never on the pools that migrate and seed", async () => {
    const runtime = await openDatabase({ url: network.databaseUrl("members"), ...SUBGRAPHS.members, statementTimeoutMs: STATEMENT_TIMEOUT_MS });
    const migrating = await openDatabase({ url: network.databaseUrl("members"), ...SUBGRAPHS.members });
    try {
      expect(await runtime.em.fork().execute("show statement_timeout")).toEqual([{ statement_timeout: `${STATEMENT_TIMEOUT_MS}ms` }]);
      await expect(runtime.em.fork().execute("select pg_sleep(2)")).rejects.toMatchObject({ code: "57014" });
      expect(await migrating.em.fork().execute("show statement_timeout")).toEqual([{ statement_timeout: "0" }]);
    } finally {
      await runtime.close();
      await migrating.close();
    }
  });
});
