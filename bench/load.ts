import autocannon from "autocannon";
import { runMain } from "../lib/main.js";
import { SCENARIOS, type Fixtures, type ScenarioName } from "./scenarios.js";

export interface LoadOptions {
  url: string;
  scenario: ScenarioName;
  fixtures: Fixtures;
  authorization: string;
  connections: number;
  seconds: number;
}

export interface LoadResult {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  /** Non-2xx responses, socket errors, timeouts and 2xx responses that carry GraphQL errors. */
  errors: number;
}

/**
 * The load generator, in its own process so its CPU is not the gateway's: autocannon with a fixed number
 * of connections for a fixed time, cycling through the scenario's requests. Reads LoadOptions as JSON
 * from argv, prints a LoadResult as JSON.
 */
runMain(async () => {
  const options = JSON.parse(process.argv[2]!) as LoadOptions;
  let graphqlErrors = 0;
  const headers = { "content-type": "application/json", authorization: options.authorization };
  const requests = SCENARIOS[options.scenario].bodies(options.fixtures).map((body) => ({
    method: "POST" as const,
    headers,
    ...(typeof body === "string" ? { body } : { setupRequest: (request: object) => ({ ...request, body: body() }) }),
    onResponse: (status: number, responseBody: string) => {
      if (status === 200 && responseBody.includes('"errors"')) graphqlErrors++;
    },
  }));
  const result = await autocannon({ url: options.url, connections: options.connections, duration: options.seconds, requests });
  const output: LoadResult = {
    requests: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors + result.timeouts + graphqlErrors,
  };
  console.log(JSON.stringify(output));
});
