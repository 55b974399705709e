import { postGraphQL } from "./network.js";

export interface LoadResult {
  requests: number;
  /** Every response that was not 2xx or carried GraphQL errors, with what went wrong. */
  failures: string[];
}

/**
 * Keeps `concurrency` clients sending the given operations in turn until stopped — the traffic a partner
 * frontend makes while an admin changes the supergraph underneath it. They call with `key`, whose rate
 * limit must be above this load (the test network's keys are).
 */
export function startLoad(url: string, key: string, operations: { query: string; variables?: Record<string, unknown> }[], concurrency = 8): { requests(): number; stop(): Promise<LoadResult> } {
  let running = true;
  const result: LoadResult = { requests: 0, failures: [] };
  const client = async (offset: number) => {
    for (let turn = offset; running; turn++) {
      const operation = operations[turn % operations.length]!;
      try {
        const response = await postGraphQL(url, operation, { authorization: `Bearer ${key}` });
        result.requests++;
        if (response.status < 200 || response.status > 299 || response.json.errors) result.failures.push(`${response.status} ${response.text.slice(0, 300)}`);
      } catch (error) {
        result.requests++;
        result.failures.push(String(error));
      }
    }
  };
  const clients = Array.from({ length: concurrency }, (_, index) => client(index));
  return {
    /** Requests answered so far, to wait for traffic between steps. */
    requests: () => result.requests,
    async stop() {
      running = false;
      await Promise.all(clients);
      return result;
    },
  };
}
