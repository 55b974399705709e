import type { ServerResponse } from "node:http";
import type { MikroORM } from "@mikro-orm/postgresql";
import { ANONYMOUS, REGISTRY_AUDIENCE, type Caller, type ServiceTokens } from "../../lib/identity.js";
import { requireAdmin, type AdminActions } from "../admin/actions.js";
import type { SocietyName } from "../admin/societies.js";
import type { LiveSupergraph } from "../registry/live-supergraph.js";
import type { GatewayMetrics } from "../metrics.js";
import { contractStanding, PRIVACY_SUBGRAPH } from "../privacy/contract.js";
import { liveGateways } from "./heartbeats.js";

/** Each probe of a subgraph gives up after this long: the subgraph fetch deadline's default, so a busy but working subgraph reads as ready. */
const PROBE_TIMEOUT_MS = 5000;

/**
 * GET /admin/status: the network's health in one answer (admin key), for `copnet status` and the console —
 * the gateways alive and the supergraph version each serves (their heartbeats), and per subgraph of the
 * version in use: where it listens, its owner, its readiness (its /readyz, probed now), the last five
 * minutes of this gateway's fetches to it, and whether it keeps the contracts copnet relies on: refusing
 * a call without a service token while answering one signed by this gateway (verification by JWKS), and
 * its standing with the data-rights contract, read from its SDL (privacy/contract.ts).
 */
export function statusActions(options: {
  orm: MikroORM;
  live: LiveSupergraph;
  tokens: ServiceTokens;
  metrics: GatewayMetrics;
  subgraphUrls: Record<string, string>;
  societyNames: (res: ServerResponse, caller: Caller) => Promise<Map<string, SocietyName>>;
}): AdminActions {
  return {
    "GET status": async (caller, _body, res) => {
      requireAdmin(caller);
      const [gateways, societies, recent] = await Promise.all([liveGateways(options.orm.em.fork()), options.societyNames(res, caller), options.metrics.recent.figures()]);
      const subgraphs = await Promise.all(
        options.live.subgraphs.map(async (subgraph) => {
          const url = options.subgraphUrls[subgraph.name] ?? subgraph.url;
          // The privacy subgraph runs inside this gateway: nothing to probe over HTTP, and no token crosses a network.
          const [readiness, serviceTokens] =
            subgraph.name === PRIVACY_SUBGRAPH
              ? [{ ready: true, detail: "served by this gateway" }, "in process" as const]
              : await Promise.all([probeReadiness(url), probeServiceTokens(url, options.tokens)]);
          return {
            name: subgraph.name,
            url,
            owner: subgraph.societyId ? (societies.get(subgraph.societyId) ?? { id: subgraph.societyId, slug: null, name: null }) : null,
            ready: readiness.ready,
            readiness: readiness.detail,
            recent: recent.get(subgraph.name) ?? { fetches: 0, errorRate: null, p50Ms: null, p99Ms: null },
            contracts: { serviceTokens, dataRights: contractStanding(subgraph.sdl) },
          };
        }),
      );
      return {
        supergraphVersion: options.live.version,
        gateways: gateways.map(({ instance, url, supergraphVersion, startedAt, seenAt }) => ({ instance, url, supergraphVersion, startedAt, seenAt })),
        subgraphs,
      };
    },
  };
}

/** A subgraph's /readyz (beside its GraphQL path): ready on 200, with the checks it reports. */
async function probeReadiness(graphqlUrl: string): Promise<{ ready: boolean; detail: string }> {
  try {
    const response = await fetch(new URL("/readyz", graphqlUrl), { redirect: "manual", signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    const text = (await response.text()).slice(0, 500);
    return { ready: response.status === 200, detail: `HTTP ${response.status}${text ? `: ${text}` : ""}` };
  } catch (error) {
    return { ready: false, detail: error instanceof Error && error.name === "TimeoutError" ? `no answer within ${PROBE_TIMEOUT_MS} ms` : "unreachable" };
  }
}

/** Verifies service tokens if it refuses `_service` without one and answers it with this gateway's registry token. */
async function probeServiceTokens(url: string, tokens: ServiceTokens): Promise<"verified" | "not verified" | "unreachable"> {
  const ask = (headers: Record<string, string>) =>
    fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query: "{ _service { sdl } }" }), redirect: "manual", signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
  try {
    const [without, signed] = await Promise.all([ask({}), ask({ authorization: `Bearer ${await tokens.get(ANONYMOUS, REGISTRY_AUDIENCE)}` })]);
    await without.body?.cancel();
    const answer = (await signed.json().catch(() => null)) as { data?: { _service?: { sdl?: unknown } } } | null;
    return without.status === 401 && typeof answer?.data?._service?.sdl === "string" ? "verified" : "not verified";
  } catch {
    return "unreachable";
  }
}
