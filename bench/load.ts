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
  /** Answers received within the time. */
  requests: number;
  /** Requests sent, including those still unanswered when the time was up. */
  sent: number;
  rps: number;
  p50: number;
  p99: number;
  /** Non-2xx responses, socket errors, timeouts and 2xx responses that carry GraphQL errors. */
  errors: number;
  /** The first failed response's body, cut short: what went wrong, for the report. */
  firstError: string | null;
}

/**
 * The load generator, in its own process so its CPU is not the gateway's: autocannon with a fixed number
 * of connections for a fixed time. All connections draw the scenario's operations from one shared
 * sequence, so requests in flight together are different operations (autocannon's own request list
 * would walk every connection through the same list in step). Reads LoadOptions as JSON from argv,
 * prints a LoadResult as JSON.
 */
runMain(async () => {
  const options = JSON.parse(process.argv[2]!) as LoadOptions;
  const bodies = SCENARIOS[options.scenario].bodies(options.fixtures);
  let drawn = 0;
  let graphqlErrors = 0;
  let firstError: string | null = null;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    requests: [
      {
        method: "POST",
        headers: { "content-type": "application/json", authorization: options.authorization },
        setupRequest: (request) => {
          const body = bodies[drawn++ % bodies.length]!;
          return { ...request, body: typeof body === "string" ? body : body() };
        },
        onResponse: (status, body) => {
          if (status === 200 && !body.includes('"errors"')) return;
          if (status === 200) graphqlErrors++;
          firstError ??= `HTTP ${status}: ${body.slice(0, 300)}`;
        },
      },
    ],
  });
  const output: LoadResult = {
    requests: result.requests.total,
    sent: result.requests.sent,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors + result.timeouts + graphqlErrors,
    firstError,
  };
  console.log(JSON.stringify(output));
});
