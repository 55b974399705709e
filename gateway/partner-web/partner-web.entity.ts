import { defineEntity, p } from "@mikro-orm/core";

/**
 * A society's website as the gateway knows it: the browser origins its publishable keys and CORS answer,
 * and whether those keys run its trusted documents only. `updatedAt` moves on every change to the row or
 * to the society's documents, so gateways notice either with one `max(updated_at)` per poll.
 */
export class SocietyWeb {
  societyId!: string;
  /** Serialized origins (`https://www.society.org`), as browsers send them in `Origin`. */
  origins!: string[];
  enforceDocuments!: boolean;
  updatedAt!: Date;
  updatedBy!: string;
}

export const SocietyWebSchema = defineEntity({
  class: SocietyWeb,
  tableName: "society_web",
  properties: {
    societyId: p.uuid().primary(),
    origins: p.json<string[]>(),
    enforceDocuments: p.boolean().default(false),
    updatedAt: p.datetime().index(),
    updatedBy: p.string(),
  },
});

/** One operation a society's site sends, run by its SHA-256 (`documentId: "sha256:<hash>"`). */
export class TrustedDocument {
  societyId!: string;
  /** Lower-case hex SHA-256 of `document`, exactly as published. */
  hash!: string;
  document!: string;
  /** The operation's name, for listings and check reports. */
  name!: string | null;
  publishedAt!: Date;
}

export const TrustedDocumentSchema = defineEntity({
  class: TrustedDocument,
  tableName: "trusted_document",
  properties: {
    societyId: p.uuid().primary(),
    hash: p.string().length(64).primary(),
    document: p.text(),
    name: p.string().nullable(),
    publishedAt: p.datetime(),
  },
});
