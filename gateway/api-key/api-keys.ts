import { createHash, randomBytes } from "node:crypto";
import type { EntityManager } from "../../lib/database.js";
import { ANONYMOUS, type Caller, type Role } from "../../lib/identity.js";
import { ApiKey } from "./api-key.entity.js";

export interface NewApiKey {
  role: Exclude<Role, "anonymous">;
  societyId: string | null;
  label: string;
}

/** Creates a key and returns it in clear text — the only time it exists outside the caller's hands. */
export async function createApiKey(em: EntityManager, input: NewApiKey): Promise<{ key: string; record: ApiKey }> {
  const key = `copnet_${randomBytes(32).toString("base64url")}`;
  const record = em.create(ApiKey, {
    id: crypto.randomUUID(),
    hash: hashKey(key),
    prefix: key.slice(0, 16),
    role: input.role,
    societyId: input.societyId,
    label: input.label,
    revokedAt: null,
  } as ApiKey);
  await em.flush();
  return { key, record };
}

export class UnknownApiKey extends Error {}

/** Resolves `Authorization: Bearer <key>` to a caller; no header means anonymous, a bad key is refused. */
export async function authenticate(em: EntityManager, authorization: string | undefined): Promise<Caller> {
  if (!authorization) return ANONYMOUS;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!match) throw new UnknownApiKey("Authorization must be 'Bearer <key>'");
  const record = await em.findOne(ApiKey, { hash: hashKey(match[1]!), revokedAt: null });
  if (!record) throw new UnknownApiKey("Unknown or revoked API key");
  return { role: record.role, societyId: record.societyId };
}

function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}
