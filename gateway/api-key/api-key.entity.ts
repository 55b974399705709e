import { defineEntity, p } from "@mikro-orm/core";
import type { Role } from "../../lib/identity.js";

/** A caller's API key. Only its SHA-256 hash is stored; the key itself is shown once, at creation. */
export class ApiKey {
  id!: string;
  hash!: string;
  /** First characters of the key, so an operator can tell keys apart in listings. */
  prefix!: string;
  role!: Exclude<Role, "anonymous">;
  societyId!: string | null;
  label!: string;
  /** Requests per second this key may make; null: its role's default (gateway/rate-limits.ts). */
  rate!: number | null;
  createdAt!: Date;
  /** After this the key is refused like a revoked one; null: it does not expire. */
  expiresAt!: Date | null;
  revokedAt!: Date | null;
}

export const ApiKeySchema = defineEntity({
  class: ApiKey,
  tableName: "api_key",
  // Announces every change to the keys, however made, to the gateways that remember keys (api-key-cache.ts).
  triggers: [
    { name: "api_key_changed", timing: "after", events: ["insert", "update", "delete"], forEach: "statement", body: "perform pg_notify('copnet_api_keys', ''); return null" },
  ],
  properties: {
    id: p.uuid().primary(),
    hash: p.string().length(64).unique(),
    prefix: p.string().length(16),
    role: p.enum(["public", "society", "researcher", "admin"] as const),
    societyId: p.uuid().nullable(),
    label: p.string(),
    rate: p.integer().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    expiresAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
  },
});

/**
 * When a key was last used (to the minute, per gateway). Kept apart from api_key, whose every change
 * makes each gateway forget the keys it remembers.
 */
export class ApiKeyUse {
  keyId!: string;
  lastUsedAt!: Date;
}

export const ApiKeyUseSchema = defineEntity({
  class: ApiKeyUse,
  tableName: "api_key_use",
  properties: {
    keyId: p.uuid().primary(),
    lastUsedAt: p.datetime(),
  },
});
