import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { ConfigError, databaseUrlOn, serviceDatabaseUrl, type ServiceName } from "../lib/config.js";
import { openDatabase } from "../lib/database.js";
import { embeddedServerUrl } from "../lib/embedded-postgres.js";
import type { Role } from "../lib/identity.js";
import { isUuid } from "../lib/validators.js";
import { createApiKey, listApiKeys, revokeApiKey, setApiKeyRate } from "../gateway/api-key/api-keys.js";
import { gatewayDatabase } from "../gateway/database.js";
import { Society } from "../subgraphs/members/society/society.entity.js";
import { membersSubgraph } from "../subgraphs/members/server.js";

export const KEY_HELP = `  key create --role <public|society|researcher|admin> [--society <slug or id>] [--label <text>] [--rate <n>]
                        create an API key; it is printed once and stored only as a hash; --rate: its
                        limit in requests per second (default: its role's). A public key is publishable:
                        for the society's website, read-only, accepted only from its registered origins
  key update <id|prefix> --rate <n|default>
                        change a key's rate limit; gateways apply it at once
  key list              list keys (prefix, role, society, rate, label, created, revoked)
  key revoke <id|prefix>
                        revoke a key; requests with it get 401 from then on`;

const ROLES = ["public", "society", "researcher", "admin"] as const;

/** `copnet key …`: API keys in the gateway's database (DATABASE_URL, or the embedded server of `npm start`). */
export async function keyCommand(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  const orm = await openDatabase({ url: operatorDatabaseUrl("gateway"), ...gatewayDatabase });
  try {
    const em = orm.em.fork();
    if (action === "create") {
      const { values } = parseArgs({ args: rest, options: { role: { type: "string" }, society: { type: "string" }, label: { type: "string" }, rate: { type: "string" } } });
      const role = values.role as Exclude<Role, "anonymous"> | undefined;
      if (!role || !ROLES.includes(role)) throw new Error(`--role must be one of ${ROLES.join(", ")}`);
      if ((role === "society" || role === "public") && !values.society) throw new Error(`a ${role} key needs --society <slug or id>`);
      const societyId = values.society ? await findSociety(values.society) : null;
      const rate = values.rate === undefined ? null : parseRate(values.rate);
      const { key, record } = await createApiKey(em, { role, societyId, label: values.label ?? `${role}${values.society ? ` ${values.society}` : ""}`, rate });
      console.log(`created ${record.role} key ${record.id}${values.society ? ` for ${values.society}` : ""}${rate ? `, limited to ${rate} requests per second` : ""}`);
      console.log(`\n  ${key}\n\nShown once: copnet stores only its hash. Send it as "Authorization: Bearer <key>".`);
    } else if (action === "list") {
      const keys = await listApiKeys(em);
      console.log(["id".padEnd(36), "prefix".padEnd(16), "role".padEnd(10), "society".padEnd(36), "rate/s".padEnd(7), "created".padEnd(20), "revoked".padEnd(20), "label"].join("  "));
      for (const key of keys) {
        console.log([key.id, key.prefix, key.role.padEnd(10), (key.societyId ?? "-").padEnd(36), String(key.rate ?? "role").padEnd(7), stamp(key.createdAt), (key.revokedAt ? stamp(key.revokedAt) : "-").padEnd(20), key.label].join("  "));
      }
    } else if (action === "update") {
      const { values, positionals } = parseArgs({ args: rest, options: { rate: { type: "string" } }, allowPositionals: true });
      if (!positionals[0] || values.rate === undefined) throw new Error("usage: copnet key update <id|prefix> --rate <requests per second|default>");
      const record = await setApiKeyRate(em, positionals[0], values.rate === "default" ? null : parseRate(values.rate));
      console.log(`${record.role} key ${record.id} (${record.prefix}…) is limited to ${record.rate ? `${record.rate} requests per second` : "its role's default rate"}`);
    } else if (action === "revoke") {
      if (!rest[0]) throw new Error("usage: copnet key revoke <id|prefix>");
      const record = await revokeApiKey(em, rest[0]);
      console.log(`revoked ${record.role} key ${record.id} (${record.prefix}…) at ${stamp(record.revokedAt!)}`);
    } else {
      throw new Error(`usage:\n${KEY_HELP}`);
    }
  } finally {
    await orm.close();
  }
}

/** A society id from its slug or id, checked against the members directory so a typo cannot mint a useless key. */
async function findSociety(slugOrId: string): Promise<string> {
  const orm = await openDatabase({ url: operatorDatabaseUrl("members"), entities: membersSubgraph.entities, migrations: membersSubgraph.migrations });
  try {
    const society = await orm.em.fork().findOne(Society, isUuid(slugOrId) ? { id: slugOrId } : { slug: slugOrId });
    if (!society) throw new Error(`no society "${slugOrId}" in the members directory`);
    return society.id;
  } finally {
    await orm.close();
  }
}

/** The configured database, else the embedded server a running `npm start` keeps in .copnet/. */
export function operatorDatabaseUrl(service: ServiceName): string {
  try {
    return serviceDatabaseUrl(service);
  } catch (error) {
    if (!(error instanceof ConfigError) || !existsSync(`${process.env.COPNET_STATE_DIR ?? ".copnet"}/pgdata`)) throw error;
    const port = Number(process.env.COPNET_EMBEDDED_PG_PORT ?? 54329);
    return databaseUrlOn(embeddedServerUrl(port), `${process.env.COPNET_DATABASE_PREFIX ?? "copnet"}_${service}`);
  }
}

function parseRate(value: string): number {
  const rate = Number(value);
  if (!/^\d+$/.test(value) || rate < 1 || rate > 1_000_000) throw new Error("--rate must be a whole number of requests per second from 1 to 1000000");
  return rate;
}

function stamp(date: Date): string {
  return date.toISOString().slice(0, 19).replace("T", " ");
}
