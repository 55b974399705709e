import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FLOODS, runSoak } from "../../bench/soak.js";
import { send, startTestNetwork, type TestNetwork } from "../support/network.js";

let network: TestNetwork;
beforeAll(async () => {
  network = await startTestNetwork();
});
afterAll(async () => {
  await network?.stop();
});

/** Every bounded map's entries and capacity from the gateway's /metrics. */
async function bounds(gatewayUrl: string): Promise<Array<{ map: string; entries: number; capacity: number }>> {
  const text = (await send(new URL("/metrics", gatewayUrl).toString())).text;
  const gauge = (name: string) => new Map([...text.matchAll(new RegExp(`^${name}\\{map="([^"]+)"[^}]*\\} (\\d+)`, "gm"))].map((match) => [match[1]!, Number(match[2])]));
  const entries = gauge("copnet_bounded_entries");
  const capacities = gauge("copnet_bounded_capacity");
  return [...capacities].map(([map, capacity]) => ({ map, entries: entries.get(map) ?? 0, capacity }));
}

describe("normal traffic beside every flood at once", () => {
  it("should keep answering partner requests without a server error while every map stays within its bound", async () => {
    const gateway = await network.addGateway({ memory: { documents: 200, queryPlans: 200, readsInFlight: 50, subgraphFetchesInFlight: 50, operationRecords: 100 } });
    const { data } = await network.query<{ mentoringPrograms: Array<{ id: string }> }>(`{ mentoringPrograms { id } }`);
    const samples: Awaited<ReturnType<typeof bounds>>[] = [];
    const sampling = setInterval(() => void bounds(gateway.url).then((sample) => samples.push(sample)), 2000);
    const result = await runSoak({ url: gateway.url, seconds: 30, authorization: `Bearer ${network.keys.hoecop}`, programId: data!.mentoringPrograms[0]!.id }).finally(() => clearInterval(sampling));
    samples.push(await bounds(gateway.url));

    expect(result.normal.requests).toBeGreaterThan(20);
    expect(result.normal.firstFailure).toBeNull();
    for (const name of FLOODS) {
      expect(result.floods[name].requests, name).toBeGreaterThan(0);
      expect(result.floods[name].firstServerError, name).toBeNull();
    }
    // The floods were refused for what they are, not served: too large, too costly, unknown key, bad input, or rate.
    expect(Object.keys(result.floods.paddedDocuments.statuses).every((status) => status === "413" || status === "429")).toBe(true);
    expect(result.floods.matchFanOut.statuses["200"]).toBeUndefined();
    expect(result.floods.unknownKeys.statuses["200"]).toBeUndefined();

    expect(samples.length).toBeGreaterThan(5);
    const maps = new Set(samples.flat().map((sample) => sample.map));
    for (const map of ["documents", "query_plans", "read_coalescing", "operation_records", "api_keys", "metric_operation_names"]) expect(maps).toContain(map);
    for (const sample of samples.flat()) expect(sample.entries, sample.map).toBeLessThanOrEqual(sample.capacity);
  }, 120_000);
});
