import { readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { JWK } from "jose";
import { openDatabase } from "../lib/database.js";
import { importSigningKey, type SigningKey } from "../lib/identity.js";
import { gatewayDatabase } from "../gateway/database.js";
import { GatewaySigningKey } from "../gateway/signing-key/signing-key.entity.js";
import { ensureSigningKeys } from "../gateway/signing-key/signing-keys.js";

/**
 * The benchmark's subgraphs outlive the gateways it starts in front of them, and stock Apollo Gateway and
 * Hive Gateway have no key database: the subgraphs get the gateway database's public keys as a JWKS file
 * (as on a closed network), and the comparison harnesses the active private key, so every compared gateway
 * signs tokens the subgraphs accept — copnet's from its database, the others from this file.
 */
export async function benchSigningKeys(gatewayDatabaseUrl: string): Promise<{ jwksFile: string; signingKeyFile: string }> {
  const orm = await openDatabase({ url: gatewayDatabaseUrl, ...gatewayDatabase });
  try {
    await ensureSigningKeys(orm.em.fork());
    const keys = await orm.em.fork().find(GatewaySigningKey, { state: { $in: ["active", "next"] } });
    const active = keys.find((key) => key.state === "active")!;
    const jwksFile = join(tmpdir(), `copnet-bench-jwks-${process.pid}.json`);
    const signingKeyFile = join(tmpdir(), `copnet-bench-signing-key-${process.pid}.json`);
    await writeFile(jwksFile, JSON.stringify({ keys: keys.map((key) => key.publicJwk) }));
    await writeFile(signingKeyFile, JSON.stringify(active.privateJwk), { mode: 0o600 });
    return { jwksFile, signingKeyFile };
  } finally {
    await orm.close();
  }
}

/** The harnesses' side: the private key written by benchSigningKeys. */
export async function readSigningKey(file: string): Promise<SigningKey> {
  return importSigningKey(JSON.parse(await readFile(file, "utf8")) as JWK);
}
