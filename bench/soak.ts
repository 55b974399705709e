import { randomBytes } from "node:crypto";

/**
 * The soak mix: a partner frontend's normal traffic beside the abuse that once took the gateway down
 * (issue 16). Used by test/security/soak.test.ts (bounded, in CI) and `npm run bench -- --soak` (longer,
 * with the gateway's RSS), so both judge the same mix.
 */
export interface SoakOptions {
  url: string;
  seconds: number;
  /** `Bearer <key>` of a society key whose rate is above the normal load. */
  authorization: string;
  /** A mentoring programme, so the fan-out flood is the expensive query it would be. */
  programId: string;
  /** Concurrent normal clients (default 4) and concurrent clients per flood (default 2). */
  normalClients?: number;
  floodClients?: number;
  /** false: normal traffic only, the baseline the mix is compared with. */
  floods?: boolean;
}

export const FLOODS = ["paddedDocuments", "operationNames", "matchFanOut", "unknownKeys", "badInput", "distinctReads"] as const;
export type FloodName = (typeof FLOODS)[number];

export interface SoakResult {
  seconds: number;
  normal: { requests: number; failures: number; firstFailure: string | null; p50: number; p99: number };
  floods: Record<FloodName, { requests: number; statuses: Record<string, number>; serverErrors: number; firstServerError: string | null }>;
}

interface Request {
  body: string;
  authorization?: string;
}

const graphql = (query: string, variables: Record<string, unknown> = {}, operationName?: string) => JSON.stringify({ query, variables, operationName });
const random = () => randomBytes(6).toString("hex");

const NORMAL: Array<() => string> = [
  () => graphql(`query DirectoryPage { members(first: 10) { edges { node { id displayName country society { name } mentorProfile { capacity } } } } }`),
  () => graphql(`query Search($q: String!) { members(first: 5, filter: { q: $q }) { edges { node { id displayName } } } }`, { q: ["muller", "jose", "oncology", "nurse"][Math.floor(Math.random() * 4)] }),
  () => graphql(`query Events { events(first: 10) { edges { node { id title startsAt registeredCount } } } }`),
  () => graphql(`query Societies { societies { slug name memberCount } }`),
];

/** One request of each flood; each is something a client controls and could make grow without bound. */
const FLOOD_REQUESTS: Record<FloodName, (options: SoakOptions) => Request> = {
  // Comments are not tokens: 900 kB of them around a one-field query, a distinct document every time.
  paddedDocuments: () => ({ body: graphql(`# ${random()}\n#${"x".repeat(900_000)}\n{ __typename }`) }),
  operationNames: () => ({ body: graphql(`query Flood_${random()} { __typename }`) }),
  matchFanOut: ({ programId }) => ({
    body: graphql(`{ ${Array.from({ length: 15 }, (_, i) => `a${i}: members(first: 20) { edges { node { mentorMatches(programId: "${programId}", first: 1) { score } } } }`).join(" ")} }`),
  }),
  unknownKeys: () => ({ body: graphql(`{ __typename }`), authorization: `Bearer copnet_${randomBytes(24).toString("base64url")}` }),
  badInput: () => ({
    body: [
      graphql(`query ($q: String!) { members(first: 1, filter: { q: $q }) { edges { node { id } } } }`, { q: `a\u0000${random()}` }),
      graphql(`query ($after: String!) { members(first: 1, after: $after) { edges { node { id } } } }`, { after: randomBytes(12).toString("base64url") }),
      graphql(`{ works(filter: { year: 2147483647 }, first: 1) { edges { node { id } } } }`),
    ][Math.floor(Math.random() * 3)]!,
  }),
  // Distinct reads in flight at once: every one a new key for read coalescing and the plan cache.
  distinctReads: () => ({ body: graphql(`query ($q: String!) { members(first: 1, filter: { q: $q }) { totalCount } }`, { q: random() }) }),
};

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const deadline = Date.now() + options.seconds * 1000;
  const post = (request: Request) =>
    fetch(options.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...(request.authorization ? { authorization: request.authorization } : {}) },
      body: request.body,
      signal: AbortSignal.timeout(30_000),
    });

  const latencies: number[] = [];
  const normal = { requests: 0, failures: 0, firstFailure: null as string | null };
  const normalClient = async () => {
    for (let i = 0; Date.now() < deadline; i++) {
      const started = performance.now();
      try {
        const response = await post({ body: NORMAL[i % NORMAL.length]!(), authorization: options.authorization });
        const text = await response.text();
        latencies.push(performance.now() - started);
        normal.requests++;
        if (response.status !== 200 || text.includes('"errors"')) {
          normal.failures++;
          normal.firstFailure ??= `HTTP ${response.status}: ${text.slice(0, 300)}`;
        }
      } catch (error) {
        normal.requests++;
        normal.failures++;
        normal.firstFailure ??= String(error);
      }
    }
  };

  const floods = Object.fromEntries(FLOODS.map((name) => [name, { requests: 0, statuses: {} as Record<string, number>, serverErrors: 0, firstServerError: null as string | null }])) as SoakResult["floods"];
  const floodClient = async (name: FloodName) => {
    const tally = floods[name];
    while (Date.now() < deadline) {
      let status = "socket error";
      try {
        const response = await post(FLOOD_REQUESTS[name](options));
        const text = await response.text();
        status = String(response.status);
        if (response.status >= 500 || text.includes('"INTERNAL_SERVER_ERROR"')) {
          tally.serverErrors++;
          tally.firstServerError ??= `HTTP ${response.status}: ${text.slice(0, 300)}`;
        }
      } catch (error) {
        tally.serverErrors++;
        tally.firstServerError ??= String(error);
      }
      tally.requests++;
      tally.statuses[status] = (tally.statuses[status] ?? 0) + 1;
      // A refused flood answers in microseconds; a short pause keeps the mix from being only one flood.
      if (status === "429") await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  // The partner is already in session when the floods begin (its key known to the gateway).
  await post({ body: NORMAL[0]!(), authorization: options.authorization }).then((response) => response.text());
  await Promise.all([
    ...Array.from({ length: options.normalClients ?? 4 }, normalClient),
    ...(options.floods === false ? [] : FLOODS.flatMap((name) => Array.from({ length: options.floodClients ?? 2 }, () => floodClient(name)))),
  ]);
  latencies.sort((a, b) => a - b);
  return {
    seconds: options.seconds,
    normal: { ...normal, p50: Math.round(percentile(latencies, 50)), p99: Math.round(percentile(latencies, 99)) },
    floods,
  };
}
