import { readFile } from "node:fs/promises";
import type { Caller, SigningKey } from "../../lib/identity.js";
import { readSigningKey } from "../signing-keys.js";

/**
 * What the comparison gateways share. copnet's subgraphs accept only a service token, so stock Apollo
 * Gateway and Hive Gateway sign one per subgraph fetch, as copnet does — for one fixed caller (the
 * benchmark's society), since they know nothing of copnet's API keys. copnet itself authenticates the
 * same society's key on every request: the comparison spares the others that work, not copnet.
 * They sign with the gateway's active key, handed to them in a file (bench/signing-keys.ts).
 * Args: <supergraph file> <signing key file> <society id>.
 */
export async function comparisonSetup(): Promise<{ supergraphSdl: string; signingKey: SigningKey; caller: Caller }> {
  const [file, signingKeyFile, societyId] = process.argv.slice(2) as [string, string, string];
  return { supergraphSdl: await readFile(file, "utf8"), signingKey: await readSigningKey(signingKeyFile), caller: { role: "society", societyId, keyId: null } };
}
