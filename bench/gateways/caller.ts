import { readFile } from "node:fs/promises";
import { ServiceTokens, type Caller } from "../../lib/identity.js";
import { readSigningKey } from "../signing-keys.js";

/**
 * What the comparison gateways share. copnet's subgraphs accept only a service token, so stock Apollo
 * Gateway and Hive Gateway send one with each subgraph fetch, reused for a third of its lifetime exactly
 * as copnet's are (the same ServiceTokens), for one fixed caller (the benchmark's society), since they
 * know nothing of copnet's API keys. copnet itself authenticates the same society's key on every request:
 * the comparison spares the others that work, not copnet. They sign with the gateway's active key, handed
 * to them in a file (bench/signing-keys.ts).
 * Args: <supergraph file> <signing key file> <society id>.
 */
export async function comparisonSetup(): Promise<{ supergraphSdl: string; tokens: ServiceTokens; caller: Caller }> {
  const [file, signingKeyFile, societyId] = process.argv.slice(2) as [string, string, string];
  const signingKey = await readSigningKey(signingKeyFile);
  return { supergraphSdl: await readFile(file, "utf8"), tokens: new ServiceTokens(() => signingKey), caller: { role: "society", societyId, keyId: null } };
}
