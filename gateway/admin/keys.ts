import type { ApolloServer } from "@apollo/server";
import type { MikroORM } from "@mikro-orm/postgresql";
import { z } from "zod";
import { HttpError } from "../../lib/http.js";
import { ApiKeyNotFound, createApiKey, listApiKeys, revokeApiKey, updateApiKey } from "../api-key/api-keys.js";
import type { ApiKey } from "../api-key/api-key.entity.js";
import type { GatewayContext } from "../context.js";
import { rotateSigningKeys } from "../signing-key/signing-keys.js";
import { parseBody, requireAdmin, type AdminActions } from "./actions.js";
import { findSociety, societyNames, type SocietyName } from "./societies.js";

const rate = z.number().int().min(1).max(1_000_000);
const label = z.string().trim().min(1).max(200);
/** An expiry is a future instant, at most ten years ahead (a longer-lived key is one that never expires). */
const expiresAt = z.iso
  .datetime()
  .transform((value) => new Date(value))
  .refine((date) => date.getTime() > Date.now() && date.getTime() < Date.now() + 10 * 366 * 86_400_000, "must be in the future, within ten years");
const createInput = z.strictObject({
  role: z.enum(["public", "society", "researcher", "admin"]),
  society: z.string().optional(),
  label: label.optional(),
  rate: rate.nullable().optional(),
  expiresAt: expiresAt.nullable().optional(),
});
const updateInput = z.strictObject({ key: z.string().min(1), rate: rate.nullable().optional(), label: label.optional(), expiresAt: expiresAt.nullable().optional() });

/**
 * API keys and the service-token signing keys, for admins from any machine (`copnet key …`, `copnet token rotate`):
 *   GET  /admin/keys             every key: prefix, role, society (slug and name), rate, label, expiry, last use
 *   POST /admin/keys             create { role society? label? rate? expiresAt? } → the key, shown this once
 *   POST /admin/keys/update      { key: id or prefix, rate?, label?, expiresAt? }
 *   POST /admin/keys/revoke      { key: id or prefix }
 *   POST /admin/tokens/rotate    rotate the signing key
 */
export function keyActions(orm: MikroORM, apollo: ApolloServer<GatewayContext>): AdminActions {
  const described = (record: ApiKey & { lastUsedAt?: Date | null }, societies: Map<string, SocietyName>) => ({
    id: record.id,
    prefix: record.prefix,
    role: record.role,
    society: record.societyId ? (societies.get(record.societyId) ?? { id: record.societyId, slug: null, name: null }) : null,
    label: record.label,
    rate: record.rate,
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
    revokedAt: record.revokedAt,
    lastUsedAt: record.lastUsedAt ?? null,
  });
  const byIdOrPrefix = async <T>(change: () => Promise<T>): Promise<T> => {
    try {
      return await change();
    } catch (error) {
      if (error instanceof ApiKeyNotFound) throw new HttpError(404, error.message);
      throw error;
    }
  };
  return {
    "GET keys": async (caller, _body, res) => {
      requireAdmin(caller);
      const societies = await societyNames(apollo, res, caller);
      return { keys: (await listApiKeys(orm.em.fork())).map((record) => described(record, societies)) };
    },
    "POST keys": async (caller, body, res) => {
      requireAdmin(caller);
      const input = parseBody(createInput, body);
      const belongsToSociety = input.role === "society" || input.role === "public";
      if (belongsToSociety !== Boolean(input.society)) throw new HttpError(400, "Invalid request — society: a society or public key needs its society, and only those keys have one");
      // Checked against the directory, so a typo cannot mint a key for no society.
      const society = input.society ? await findSociety(apollo, res, caller, input.society) : null;
      const { key, record } = await createApiKey(orm.em.fork(), {
        role: input.role,
        societyId: society?.id ?? null,
        label: input.label ?? `${input.role}${society ? ` ${society.slug}` : ""}`,
        rate: input.rate ?? null,
        expiresAt: input.expiresAt ?? null,
      });
      return { key, record: described(record, new Map(society ? [[society.id, society]] : [])) };
    },
    "POST keys/update": async (caller, body, res) => {
      requireAdmin(caller);
      const { key, ...changes } = parseBody(updateInput, body);
      const record = await byIdOrPrefix(() => updateApiKey(orm.em.fork(), key, changes));
      return { record: described(record, await societyNames(apollo, res, caller)) };
    },
    "POST keys/revoke": async (caller, body, res) => {
      requireAdmin(caller);
      const { key } = parseBody(z.strictObject({ key: z.string().min(1) }), body);
      const record = await byIdOrPrefix(() => revokeApiKey(orm.em.fork(), key));
      return { record: described(record, await societyNames(apollo, res, caller)) };
    },
    "POST tokens/rotate": async (caller) => {
      requireAdmin(caller);
      return rotateSigningKeys(orm.em.fork());
    },
  };
}
