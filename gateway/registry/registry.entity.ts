import { defineEntity, p } from "@mikro-orm/core";
import type { CheckReport } from "./checks.js";

/** One subgraph as the registry knows it: where it listens, who owns it, the SDL last published. */
export interface SubgraphDefinition {
  name: string;
  url: string;
  /** The society that owns (runs) the subgraph; its society key may check it. */
  societyId: string | null;
  sdl: string;
}

/** The registry's row per subgraph ever published; REMOVED ones stay for the record. */
export class RegisteredSubgraph {
  name!: string;
  url!: string;
  societyId!: string | null;
  status!: "ACTIVE" | "REMOVED";
  updatedAt!: Date;
  updatedBy!: string;
}

export const RegisteredSubgraphSchema = defineEntity({
  class: RegisteredSubgraph,
  tableName: "subgraph",
  properties: {
    name: p.string().length(64).primary(),
    url: p.string().length(2048),
    societyId: p.uuid().nullable(),
    status: p.enum(["ACTIVE", "REMOVED"] as const),
    updatedAt: p.datetime(),
    updatedBy: p.string(),
  },
});

export type SupergraphAction = "BOOTSTRAP" | "PUBLISH" | "REMOVE" | "ROLLBACK";

/**
 * One published supergraph. Versions only ever get added — a rollback publishes an old version's content
 * again as a new version — so the newest version is the one in use and the history is complete.
 */
export class SupergraphVersion {
  version!: number;
  action!: SupergraphAction;
  /** The subgraph published or removed, or the version rolled back to. */
  subject!: string | null;
  subgraphs!: SubgraphDefinition[];
  supergraphSdl!: string;
  /** The client-facing schema, for breaking-change checks against the next version. */
  apiSdl!: string;
  checks!: CheckReport | null;
  forced!: boolean;
  publishedBy!: string;
  publishedAt!: Date;
}

export const SupergraphVersionSchema = defineEntity({
  class: SupergraphVersion,
  tableName: "supergraph_version",
  properties: {
    version: p.integer().primary().autoincrement(false),
    action: p.enum(["BOOTSTRAP", "PUBLISH", "REMOVE", "ROLLBACK"] as const),
    subject: p.string().nullable(),
    subgraphs: p.json<SubgraphDefinition[]>(),
    supergraphSdl: p.text(),
    apiSdl: p.text(),
    checks: p.json<CheckReport>().nullable(),
    forced: p.boolean().default(false),
    publishedBy: p.string(),
    publishedAt: p.datetime(),
  },
});

/** Operations partner frontends have sent (by document hash), so a check can say which ones a change breaks. */
export class KnownOperation {
  hash!: string;
  name!: string | null;
  document!: string;
  lastSeenAt!: Date;
  /** Requests seen with it since it was first recorded, by every gateway. */
  count!: number;
}

export const KnownOperationSchema = defineEntity({
  class: KnownOperation,
  tableName: "known_operation",
  properties: {
    hash: p.string().length(64).primary(),
    name: p.string().nullable(),
    document: p.text(),
    lastSeenAt: p.datetime().index(),
    count: p.bigint("number").default(0),
  },
});

/**
 * Who sends a known operation, so a check names the clients a change would break: a society key's society
 * (`society:<id>`), else the client's `apollographql-client-name`, else its role in brackets.
 */
export class KnownOperationClient {
  hash!: string;
  client!: string;
  societyId!: string | null;
  count!: number;
  lastSeenAt!: Date;
}

export const KnownOperationClientSchema = defineEntity({
  class: KnownOperationClient,
  tableName: "known_operation_client",
  properties: {
    hash: p.string().length(64).primary(),
    client: p.string().length(80).primary(),
    societyId: p.uuid().nullable(),
    count: p.bigint("number"),
    lastSeenAt: p.datetime(),
  },
});
