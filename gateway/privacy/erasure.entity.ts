import { defineEntity, p } from "@mikro-orm/core";

export type ErasureStatus = "PENDING" | "COMPLETED";
/** UNSUPPORTED: a subgraph published with `--force` that references Member without the data-rights contract. */
export type ReceiptStatus = "PENDING" | "COMPLETED" | "UNSUPPORTED";

/**
 * Proof that a member was erased, kept without personal data: the member is named only by a salted hash
 * (for idempotency: a second request for the same member finds this one). `memberId` is kept only while the
 * request is pending — the subgraphs still need to be told whom to erase — and cleared when it completes.
 */
export class ErasureRequest {
  id!: string;
  memberHash!: string;
  memberId!: string | null;
  /** The member's home society: it (or an admin) may read the request. */
  societyId!: string | null;
  status!: ErasureStatus;
  requestedBy!: string;
  requestedAt!: Date;
  completedAt!: Date | null;
}

export const ErasureRequestSchema = defineEntity({
  class: ErasureRequest,
  tableName: "erasure_request",
  properties: {
    id: p.uuid().primary(),
    memberHash: p.string().length(64).unique(),
    memberId: p.uuid().nullable(),
    societyId: p.uuid().nullable(),
    status: p.enum(["PENDING", "COMPLETED"] as const),
    requestedBy: p.string(),
    requestedAt: p.datetime(),
    completedAt: p.datetime().nullable(),
  },
});

/**
 * One subgraph's part of an erasure: a job until it is COMPLETED. Gateways claim due jobs with
 * `for update skip locked` and push `nextAttemptAt` forward (a lease, then the backoff after a failure).
 */
export class ErasureReceipt {
  requestId!: string;
  subgraph!: string;
  status!: ReceiptStatus;
  attempts!: number;
  nextAttemptAt!: Date;
  completedAt!: Date | null;
  /** How many records of each kind the subgraph erased (counts only). */
  records!: Record<string, number> | null;
}

export const ErasureReceiptSchema = defineEntity({
  class: ErasureReceipt,
  tableName: "erasure_receipt",
  properties: {
    requestId: p.uuid().primary(),
    subgraph: p.string().length(64).primary(),
    status: p.enum(["PENDING", "COMPLETED", "UNSUPPORTED"] as const),
    attempts: p.integer().default(0),
    nextAttemptAt: p.datetime(),
    completedAt: p.datetime().nullable(),
    records: p.json<Record<string, number>>().nullable(),
  },
  indexes: [{ name: "erasure_receipt_due_index", properties: ["status", "nextAttemptAt"] }],
});

/** The salt of the member hashes: one random value per gateway database, never leaving it. */
export class ErasureSalt {
  id!: number;
  salt!: string;
}

export const ErasureSaltSchema = defineEntity({
  class: ErasureSalt,
  tableName: "erasure_salt",
  properties: {
    id: p.integer().primary(),
    salt: p.string().length(64),
  },
});
