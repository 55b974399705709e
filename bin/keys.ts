import { parseArgs } from "node:util";
import { ADMIN_CLIENT_OPTIONS, AdminClient, societyLabel, stamp, table } from "./admin-client.js";

export const KEY_HELP = `  key create --role <public|society|researcher|admin> [--society <slug>] [--label <text>] [--rate <n>] [--expires <date>]
                        create an API key; it is printed once and stored only as a hash; --rate: its
                        limit in requests per second (default: its role's); --expires: an ISO date or
                        instant after which it is refused. A public key is publishable: for the society's
                        website, read-only, accepted only from its registered origins
  key update <id|prefix> [--rate <n|default>] [--label <text>] [--expires <date|never>]
                        change a key's rate limit, label or expiry; gateways apply it at once
  key list              list keys (prefix, role, society, rate, label, created, expires, last used, revoked)
  key revoke <id|prefix>
                        revoke a key; requests with it get 401 from then on`;

interface KeyRecord {
  id: string;
  prefix: string;
  role: string;
  society: { id: string; slug: string | null; name: string | null } | null;
  label: string;
  rate: number | null;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** `copnet key …`: API keys, through the gateway's admin API. */
export async function keyCommand(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    options: { role: { type: "string" }, society: { type: "string" }, label: { type: "string" }, rate: { type: "string" }, expires: { type: "string" }, ...ADMIN_CLIENT_OPTIONS },
    allowPositionals: true,
  });
  const admin = new AdminClient(values);
  if (action === "create") {
    const { key, record } = await admin.call<{ key: string; record: KeyRecord }>("POST", "keys", {
      role: values.role,
      society: values.society,
      label: values.label,
      rate: values.rate === undefined ? undefined : parseRate(values.rate),
      expiresAt: values.expires === undefined ? undefined : parseExpiry(values.expires),
    });
    console.log(`created ${record.role} key ${record.id}${record.society ? ` for ${societyLabel(record.society)}` : ""}${describeLimits(record)}`);
    console.log(`\n  ${key}\n\nShown once: copnet stores only its hash. Send it as "Authorization: Bearer <key>".`);
  } else if (action === "list") {
    const { keys } = await admin.call<{ keys: KeyRecord[] }>("GET", "keys");
    table(
      ["id", "prefix", "role", "society", "rate/s", "created", "expires", "last used", "revoked", "label"],
      keys.map((key) => [key.id, key.prefix, key.role, societyLabel(key.society), String(key.rate ?? "role"), stamp(key.createdAt), stamp(key.expiresAt), stamp(key.lastUsedAt), stamp(key.revokedAt), key.label]),
    );
  } else if (action === "update") {
    if (!positionals[0] || (values.rate === undefined && values.label === undefined && values.expires === undefined)) {
      throw new Error("usage: copnet key update <id|prefix> [--rate <requests per second|default>] [--label <text>] [--expires <date|never>]");
    }
    const { record } = await admin.call<{ record: KeyRecord }>("POST", "keys/update", {
      key: positionals[0],
      ...(values.rate === undefined ? {} : { rate: values.rate === "default" ? null : parseRate(values.rate) }),
      ...(values.label === undefined ? {} : { label: values.label }),
      ...(values.expires === undefined ? {} : { expiresAt: values.expires === "never" ? null : parseExpiry(values.expires) }),
    });
    console.log(`${record.role} key ${record.id} (${record.prefix}…) "${record.label}" is limited to ${record.rate ? `${record.rate} requests per second` : "its role's default rate"}, ${record.expiresAt ? `expires ${stamp(record.expiresAt)} UTC` : "never expires"}`);
  } else if (action === "revoke") {
    if (!positionals[0]) throw new Error("usage: copnet key revoke <id|prefix>");
    const { record } = await admin.call<{ record: KeyRecord }>("POST", "keys/revoke", { key: positionals[0] });
    console.log(`revoked ${record.role} key ${record.id} (${record.prefix}…) at ${stamp(record.revokedAt)}`);
  } else {
    throw new Error(`usage:\n${KEY_HELP}`);
  }
}

function describeLimits(record: KeyRecord): string {
  return `${record.rate ? `, limited to ${record.rate} requests per second` : ""}${record.expiresAt ? `, expires ${stamp(record.expiresAt)} UTC` : ""}`;
}

function parseRate(value: string): number {
  const rate = Number(value);
  if (!/^\d+$/.test(value) || rate < 1 || rate > 1_000_000) throw new Error("--rate must be a whole number of requests per second from 1 to 1000000");
  return rate;
}

/** An ISO date (end of that day is not implied: midnight UTC) or instant, sent as an instant. */
function parseExpiry(value: string): string {
  const time = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (!Number.isFinite(time)) throw new Error("--expires must be an ISO date (2027-06-30) or instant (2027-06-30T12:00:00Z)");
  return new Date(time).toISOString();
}
