import { existsSync } from "node:fs";
import { ConfigError, databaseUrlOn, serviceDatabaseUrl, type ServiceName } from "../lib/config.js";
import { openDatabase } from "../lib/database.js";
import { createApiKey } from "../gateway/api-key/api-keys.js";
import { ApiKey } from "../gateway/api-key/api-key.entity.js";
import { gatewayDatabase } from "../gateway/database.js";
import { embeddedServerUrl } from "./embedded-postgres.js";

export const ADMIN_HELP = `  admin bootstrap       create the first admin key of a new deployment, straight in the gateway's database
                        (DATABASE_URL or GATEWAY_DATABASE_URL); refused once an admin key is in use`;

/** `copnet admin bootstrap`: the one operator command besides migrate, seed and start that opens a database. */
export async function adminCommand(args: string[]): Promise<void> {
  if (args[0] !== "bootstrap" || args.length > 1) throw new Error(`usage:\n${ADMIN_HELP}`);
  const orm = await openDatabase({ url: operatorDatabaseUrl("gateway"), ...gatewayDatabase });
  try {
    const em = orm.em.fork();
    const usable = await em.count(ApiKey, { role: "admin", revokedAt: null, $or: [{ expiresAt: null }, { expiresAt: { $gt: new Date() } }] });
    // Anyone with database access could otherwise mint admin keys unnoticed: after the first, keys come from the admin API.
    if (usable > 0) throw new Error(`this deployment already has ${usable} admin key(s): create more with \`copnet key create --role admin\` and an admin key`);
    const { key, record } = await createApiKey(em, { role: "admin", societyId: null, label: "first admin (bootstrap)" });
    console.log(`created admin key ${record.id}\n\n  ${key}\n\nShown once. Use it as COPNET_API_KEY (or --key) for every other copnet command.`);
  } finally {
    await orm.close();
  }
}

/** The configured database, else the embedded server a running `npm start` keeps in .copnet/. */
function operatorDatabaseUrl(service: ServiceName): string {
  try {
    return serviceDatabaseUrl(service);
  } catch (error) {
    if (!(error instanceof ConfigError) || !existsSync(`${process.env.COPNET_STATE_DIR ?? ".copnet"}/pgdata`)) throw error;
    const port = Number(process.env.COPNET_EMBEDDED_PG_PORT ?? 54329);
    return databaseUrlOn(embeddedServerUrl(port), `${process.env.COPNET_DATABASE_PREFIX ?? "copnet"}_${service}`);
  }
}
