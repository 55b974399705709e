import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANONYMOUS, signServiceToken } from "../../lib/identity.js";
import { createLogger } from "../../lib/log.js";
import { spawnService } from "../../bin/service-process.js";
import { buildDemoNetwork } from "../../seed/demo-network.js";
import { postGraphQL, send, startTestNetwork, type TestNetwork } from "../support/network.js";

const logs: Record<string, unknown>[] = [];
const log = createLogger("test", { level: "info", destination: { write: (line: string) => void logs.push(JSON.parse(line)) } });

let network: TestNetwork;
beforeAll(async () => {
  network = await startTestNetwork({ log });
});
afterAll(() => network?.stop());

const member = buildDemoNetwork().members[1]!;
const origin = (url: string) => new URL(url).origin;

describe("health and readiness", () => {
  it("should say alive on /healthz and ready on /readyz, with what was checked, for the gateway and each subgraph", async () => {
    const gateway = await send(`${origin(network.gatewayUrl)}/readyz`);
    expect(gateway.status).toBe(200);
    expect(JSON.parse(gateway.text)).toMatchObject({ status: "ready", checks: { database: true, migrations: true, supergraph: true }, supergraphVersion: 1 });
    for (const subgraph of network.subgraphs) {
      expect((await send(`${origin(subgraph.url)}/healthz`)).status).toBe(200);
      const ready = await send(`${origin(subgraph.url)}/readyz`);
      expect(JSON.parse(ready.text)).toEqual({ status: "ready", checks: { database: true, migrations: true } });
    }
  });
});

describe("metrics and logs", () => {
  it("should count requests by operation and outcome, time subgraph fetches, and show the supergraph version", async () => {
    await postGraphQL(network.gatewayUrl, { query: `query MemberCard($id: ID!) { member(id: $id) { displayName registrations { status } } }`, variables: { id: member.id } });
    await postGraphQL(network.gatewayUrl, { query: `query Broken { member(id: "nope") { id } }` });
    const metrics = (await send(`${origin(network.gatewayUrl)}/metrics`)).text;
    expect(metrics).toMatch(/copnet_graphql_requests_total\{operation="MemberCard",status="OK",service="gateway"\} 1/);
    expect(metrics).toMatch(/copnet_graphql_requests_total\{operation="Broken",status="BAD_USER_INPUT",service="gateway"\} 1/);
    expect(metrics).toMatch(/copnet_subgraph_fetch_duration_seconds_count\{service="events",outcome="ok"\} [1-9]/);
    expect(metrics).toMatch(/copnet_supergraph_version\{service="gateway"\} 1/);
    expect(metrics).toContain("process_resident_memory_bytes");
    expect(metrics).toMatch(/copnet_db_pool_connections\{state="idle",service="gateway"\} \d+/);
    const events = network.subgraphs.find((subgraph) => subgraph.name === "events")!;
    expect((await send(`${origin(events.url)}/metrics`)).text).toMatch(/copnet_graphql_requests_total\{[^}]*service="events"\}/);
  });

  it("should log one JSON line per request with its id, operation, duration and society, and no member data", async () => {
    const response = await postGraphQL(network.gatewayUrl, { query: `query Logged($id: ID!) { member(id: $id) { displayName email } }`, variables: { id: member.id } }, { authorization: `Bearer ${network.keys.htcn}` });
    const requestId = response.headers.get("x-request-id");
    const line = logs.find((entry) => entry.requestId === requestId && entry.msg === "graphql request" && entry.operation === "Logged");
    expect(line).toMatchObject({ status: "OK", role: "society", society: "5d1c0a4e-0000-4000-8000-000000000002", durationMs: expect.any(Number) });
    const text = JSON.stringify(logs);
    expect(text).not.toContain(member.displayName as string);
    expect(text).not.toContain(member.email as string);
  });
});

describe("graceful shutdown", () => {
  it("should answer the request in flight, then exit 0 on SIGTERM", async () => {
    const token = await signServiceToken(ANONYMOUS, "members", await network.activeSigningKey());
    const service = spawnService("members", "subgraphs/members/main.ts", {
      env: { ...process.env, MEMBERS_PORT: "0", MEMBERS_DATABASE_URL: network.databaseUrl("members"), COPNET_GATEWAY_URL: network.gatewayOrigin },
    });
    const child = service.child;
    const url = await service.ready;
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    // A request surely in flight: its body is still arriving when SIGTERM comes.
    const body = JSON.stringify({ query: "{ __typename }" });
    const target = new URL(url);
    const answered = new Promise<number>((resolve, reject) => {
      const request = http.request({ host: target.hostname, port: target.port, path: "/graphql", method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), authorization: `Bearer ${token}` } }, (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      });
      request.on("error", reject);
      request.write(body.slice(0, 5));
      setTimeout(() => {
        child.kill("SIGTERM");
        setTimeout(() => request.end(body.slice(5)), 300);
      }, 200);
    });
    expect(await answered).toBe(200);
    expect(await exited).toBe(0);
    await expect(fetch(`${origin(url)}/healthz`)).rejects.toThrow();
  });
});
