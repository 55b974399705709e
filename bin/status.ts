import { parseArgs } from "node:util";
import { ADMIN_CLIENT_OPTIONS, AdminClient, societyLabel, stamp, table } from "./admin-client.js";

export const STATUS_HELP = `  status                the network's health: gateways and the supergraph version each serves; per
                        subgraph its URL, owner, readiness, p50/p99 latency and error rate over the last
                        5 minutes, whether it verifies service tokens, and its standing with the data-rights
                        contract (implemented, missing, not needed); exits 1 if a subgraph is not ready`;

export interface NetworkStatus {
  supergraphVersion: number;
  gateways: { instance: string; url: string; supergraphVersion: number; seenAt: string }[];
  subgraphs: {
    name: string;
    url: string;
    owner: { id: string; slug: string | null; name: string | null } | null;
    ready: boolean;
    readiness: string;
    recent: { fetches: number; errorRate: number | null; p50Ms: number | null; p99Ms: number | null };
    contracts: { serviceTokens: string; dataRights: "IMPLEMENTED" | "MISSING" | "NOT_NEEDED" };
  }[];
}

/** `copnet status`: GET /admin/status in columns. */
export async function statusCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: ADMIN_CLIENT_OPTIONS });
  const status = await new AdminClient(values).call<NetworkStatus>("GET", "status");
  console.log(`supergraph version ${status.supergraphVersion} in the registry\n`);
  table(["gateway", "url", "serves version", "last seen"], status.gateways.map((gateway) => [gateway.instance, gateway.url, String(gateway.supergraphVersion), stamp(gateway.seenAt)]));
  console.log("");
  const ms = (value: number | null) => (value === null ? "-" : `${value} ms`);
  table(
    ["subgraph", "ready", "p50", "p99", "errors (5 min)", "service tokens", "data rights", "owner", "url"],
    status.subgraphs.map((subgraph) => [
      subgraph.name,
      subgraph.ready ? "ready" : `NOT READY (${subgraph.readiness})`,
      ms(subgraph.recent.p50Ms),
      ms(subgraph.recent.p99Ms),
      subgraph.recent.errorRate === null ? "no traffic" : `${(subgraph.recent.errorRate * 100).toFixed(1)}% of ${subgraph.recent.fetches}`,
      subgraph.contracts.serviceTokens,
      subgraph.contracts.dataRights.toLowerCase().replace("_", " "),
      societyLabel(subgraph.owner),
      subgraph.url,
    ]),
  );
  if (status.subgraphs.some((subgraph) => !subgraph.ready)) process.exitCode = 1;
}
