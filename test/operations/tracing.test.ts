import { InMemorySpanExporter } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTracing } from "../../lib/tracing.js";
import { DEMO_SOCIETIES, buildDemoNetwork } from "../../seed/demo-network.js";
import { postGraphQL, startTestNetwork, type TestNetwork } from "../support/network.js";

const exporter = new InMemorySpanExporter();
let network: TestNetwork;
beforeAll(async () => {
  startTracing("copnet-test", exporter);
  network = await startTestNetwork();
});
afterAll(() => network?.stop());

describe("tracing", () => {
  it("should follow one request from the gateway into the subgraphs and down to their SQL, as one trace", async () => {
    exporter.reset();
    const member = buildDemoNetwork().members[1]!;
    // The member's own society asks, so the events subgraph reads their registrations.
    const home = network.keys[DEMO_SOCIETIES.find((society) => society.id === member.societyId)!.slug]!;
    const response = await postGraphQL(network.gatewayUrl, { query: `query Traced($id: ID!) { member(id: $id) { displayName registrations { status } } }`, variables: { id: member.id } }, { authorization: `Bearer ${home}` });
    expect(response.json.errors).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const spans = exporter.getFinishedSpans();
    const root = spans.find((span) => span.attributes["copnet.service"] === "gateway" && span.name === "POST /graphql")!;
    expect(root).toBeDefined();
    const trace = spans.filter((span) => span.spanContext().traceId === root.spanContext().traceId);
    const services = new Set(trace.map((span) => span.attributes["copnet.service"]).filter(Boolean));
    expect([...services].sort()).toEqual(["events", "gateway", "members"]);
    expect(trace.some((span) => span.name.startsWith("gateway."))).toBe(true); // @apollo/gateway's own plan/fetch spans
    const sql = trace.filter((span) => span.name === "sql");
    expect(sql.some((span) => /from "?member"? /.test(String(span.attributes["db.query.text"])))).toBe(true); // the member loader's own SQL or MikroORM's
    expect(sql.some((span) => String(span.attributes["db.query.text"]).includes("registration"))).toBe(true);
    // Every span but the root has its parent in the same trace.
    const ids = new Set(trace.map((span) => span.spanContext().spanId));
    for (const span of trace) if (span !== root) expect(ids.has(span.parentSpanContext?.spanId ?? "")).toBe(true);
  });
});
