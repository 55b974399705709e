import { readFile } from "node:fs/promises";
import type { Caller } from "../../lib/identity.js";

/**
 * What the comparison gateways share. copnet's subgraphs accept only a service token, so stock Apollo
 * Gateway and Hive Gateway sign one per subgraph fetch, as copnet does — for one fixed caller (the
 * benchmark's society), since they know nothing of copnet's API keys. copnet itself authenticates the
 * same society's key on every request: the comparison spares the others that work, not copnet.
 * Args: <supergraph file> <token secret> <society id>.
 */
export async function comparisonSetup(): Promise<{ supergraphSdl: string; secret: string; caller: Caller }> {
  const [file, secret, societyId] = process.argv.slice(2) as [string, string, string];
  return { supergraphSdl: await readFile(file, "utf8"), secret, caller: { role: "society", societyId } };
}
