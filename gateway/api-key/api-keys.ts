import { createHash, randomBytes } from "node:crypto";
import type { EntityManager } from "../../lib/database.js";
import { bearerToken } from "../../lib/http.js";
import { ANONYMOUS, type Caller, type Role } from "../../lib/identity.js";
import { isUuid } from "../../lib/validators.js";
import type { ApiKeyCache } from "./api-key-cache.js";
import { ApiKey, ApiKeyUse } from "./api-key.entity.js";

export interface NewApiKey {
  role: Exclude<Role, "anonymous">;
  societyId: string | null;
  label: string;
  /** Requests per second; null or absent: the role's default. */
  rate?: number | null;
  /** Refused from then on; null or absent: never. */
  expiresAt?: Date | null;
}

/** A caller who presented a valid key: which key (its rate limit is its own) and the rate set on it, if any. */
export interface KeyHolder extends Caller {
  keyId: string;
  rate: number | null;
  expiresAt: Date | null;
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
    rate: input.rate ?? null,
    expiresAt: input.expiresAt ?? null,
    revokedAt: null,
  } as ApiKey);
  await em.flush();
  return { key, record };
}

export class UnknownApiKey extends Error {}

/** No key, or more than one, answers to the id or prefix an operator gave. */
export class ApiKeyNotFound extends Error {}

/**
 * Resolves `Authorization: Bearer <key>` to a caller; no header means anonymous, a bad key is refused.
 * With a cache, a key authenticated before is not looked up again until any key changes.
 */
export async function authenticate(em: EntityManager, authorization: string | undefined, cache?: ApiKeyCache): Promise<Caller | KeyHolder> {
  if (!authorization) return ANONYMOUS;
  const hash = hashOfBearer(authorization);
  const now = new Date();
  const remembered = cache?.get(hash);
  if (remembered && !(remembered.expiresAt && remembered.expiresAt <= now)) return remembered;
  const version = cache?.version ?? 0;
  const record = await em.findOne(ApiKey, { hash, revokedAt: null, $or: [{ expiresAt: null }, { expiresAt: { $gt: now } }] });
  if (!record) throw new UnknownApiKey("Unknown, expired or revoked API key");
  const caller: KeyHolder = { role: record.role, societyId: record.societyId, keyId: record.id, rate: record.rate, expiresAt: record.expiresAt };
  cache?.remember(hash, caller, version);
  return caller;
}

/** Whether this gateway already knows the presented key, without a database lookup. */
export function isRememberedKey(authorization: string | undefined, cache: ApiKeyCache): boolean {
  try {
    return authorization !== undefined && cache.get(hashOfBearer(authorization)) !== undefined;
  } catch {
    return false;
  }
}

function hashOfBearer(authorization: string): string {
  const key = bearerToken(authorization);
  if (!key) throw new UnknownApiKey("Authorization must be 'Bearer <key>'");
  return hashKey(key);
}

function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** Every key with its last use, newest first; revoked ones stay listed (with their revocation time) for the audit trail. */
export async function listApiKeys(em: EntityManager): Promise<(ApiKey & { lastUsedAt: Date | null })[]> {
  const keys = await em.find(ApiKey, {}, { orderBy: { createdAt: "desc", id: "asc" } });
  const uses = new Map((await em.find(ApiKeyUse, { keyId: { $in: keys.map((key) => key.id) } })).map((use) => [use.keyId, use.lastUsedAt]));
  return keys.map((key) => Object.assign(key, { lastUsedAt: uses.get(key.id) ?? null }));
}

/** Revokes a key by id or by its listed prefix; the next request with it gets 401. */
export async function revokeApiKey(em: EntityManager, idOrPrefix: string): Promise<ApiKey> {
  const record = await findApiKey(em, idOrPrefix);
  record.revokedAt ??= new Date();
  await em.flush();
  return record;
}

/**
 * Changes a key's rate limit (requests per second; null: back to its role's default), label or expiry
 * (null: never). Gateways apply it at once.
 */
export async function updateApiKey(em: EntityManager, idOrPrefix: string, changes: Partial<Pick<ApiKey, "rate" | "label" | "expiresAt">>): Promise<ApiKey> {
  const record = await findApiKey(em, idOrPrefix);
  em.assign(record, changes);
  await em.flush();
  return record;
}

/** One key by id or by its listed prefix; refuses a prefix that matches several keys rather than guess. */
async function findApiKey(em: EntityManager, idOrPrefix: string): Promise<ApiKey> {
  const matches = isUuid(idOrPrefix)
    ? await em.find(ApiKey, { id: idOrPrefix })
    : await em.find(ApiKey, { prefix: { $like: `${idOrPrefix.replace(/[\\%_]/g, "\\$&")}%` } });
  if (matches.length === 0) throw new ApiKeyNotFound(`no API key with id or prefix "${idOrPrefix}"`);
  if (matches.length > 1) throw new ApiKeyNotFound(`"${idOrPrefix}" matches ${matches.length} keys; give more of the prefix or the id`);
  return matches[0]!;
}
