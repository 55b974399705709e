import type { EntityManager } from "../../lib/database.js";
import type { NormalisedOperation } from "../../lib/normalised-operation.js";
import { TrustedDocument } from "../partner-web/partner-web.entity.js";
import { compareSchemas, compose, dataRightsProblems, type CheckReport, type Composition } from "./checks.js";
import {
  KnownOperation,
  KnownOperationClient,
  RegisteredSubgraph,
  SupergraphVersion,
  type SubgraphDefinition,
  type SupergraphAction,
} from "./registry.entity.js";

/** Why the registry refused a change; the admin API maps the code to an HTTP status. */
export class RegistryRefusal extends Error {
  constructor(
    message: string,
    readonly code: "COMPOSITION_FAILED" | "BREAKING_CHANGES" | "DATA_RIGHTS_CONTRACT_MISSING" | "NOT_FOUND" | "BAD_REQUEST",
    readonly report?: CheckReport,
  ) {
    super(message);
  }
}

/** Writers queue on one advisory lock, so versions are numbered without gaps and never composed from stale state. */
const WRITE_LOCK = "select pg_advisory_xact_lock(7283904510)";
/** Operations the registry keeps (newest seen first); a check validates all of them against a candidate. */
export const MAX_RECORDED_OPERATIONS = 1000;
/** Operations seen in this window count as "known" when a check looks for what a change would break. */
const KNOWN_OPERATION_DAYS = 30;
const SUBGRAPH_NAME = /^[a-z][a-z0-9_]{1,62}$/;

export async function currentVersion(em: EntityManager): Promise<SupergraphVersion | null> {
  const [newest] = await em.find(SupergraphVersion, {}, { orderBy: { version: "desc" }, limit: 1 });
  return newest ?? null;
}

/** The newest version number, cheap enough to poll every second. */
export async function latestVersionNumber(em: EntityManager): Promise<number> {
  const [row] = await em.execute<{ version: number | null }[]>("select max(version) as version from supergraph_version");
  return row?.version ?? 0;
}

/** First start: records the shipped subgraphs as version 1 unless another gateway already did. */
export async function bootstrapRegistry(em: EntityManager, subgraphs: SubgraphDefinition[]): Promise<SupergraphVersion> {
  return em.transactional(async (tx) => {
    await tx.execute(WRITE_LOCK);
    const existing = await currentVersion(tx);
    if (existing) return existing;
    const composition = compose(subgraphs);
    if (!composition.ok) throw new RegistryRefusal(`the shipped subgraphs do not compose: ${composition.errors.map((error) => error.message).join("; ")}`, "COMPOSITION_FAILED");
    return record(tx, { action: "BOOTSTRAP", subject: null, subgraphs, composition, checks: null, forced: false, by: "copnet (first start)" });
  });
}

/** Composes a candidate with the current subgraphs (replacing its earlier version) and compares with what runs. */
export async function checkSubgraph(em: EntityManager, candidate: SubgraphDefinition): Promise<{ report: CheckReport; subgraphs: SubgraphDefinition[]; composition: Composition }> {
  if (!SUBGRAPH_NAME.test(candidate.name)) {
    throw new RegistryRefusal("a subgraph name is 2–63 lower-case letters, digits or underscores, starting with a letter", "BAD_REQUEST");
  }
  const current = await requireCurrent(em);
  const subgraphs = current.subgraphs.some((subgraph) => subgraph.name === candidate.name)
    ? current.subgraphs.map((subgraph) => (subgraph.name === candidate.name ? candidate : subgraph))
    : [...current.subgraphs, candidate];
  const { report, composition } = await assess(em, current, subgraphs);
  return { report: { ...report, dataRights: dataRightsProblems(candidate) }, composition, subgraphs };
}

export interface PublishOptions {
  /** Publish even with breaking changes or without the data-rights contract (never when composition fails); recorded in history. */
  force: boolean;
  by: string;
}

/** Checks and, if the checks pass (or `force` overrides breaking changes or a missing data-rights contract), records a new version. */
export async function publishSubgraph(em: EntityManager, candidate: SubgraphDefinition, options: PublishOptions): Promise<{ version: SupergraphVersion; report: CheckReport }> {
  return em.transactional(async (tx) => {
    await tx.execute(WRITE_LOCK);
    const { report, subgraphs, composition } = await checkSubgraph(tx, candidate);
    refuseUnlessPublishable(report, composition, options.force);
    const version = await record(tx, { action: "PUBLISH", subject: candidate.name, subgraphs, composition, checks: report, forced: options.force, by: options.by });
    await tx.upsert(RegisteredSubgraph, { name: candidate.name, url: candidate.url, societyId: candidate.societyId, status: "ACTIVE", updatedAt: new Date(), updatedBy: options.by });
    return { version, report };
  });
}

/** Takes a subgraph out of the supergraph; refused when the rest no longer composes without it. */
export async function removeSubgraph(em: EntityManager, name: string, by: string): Promise<{ version: SupergraphVersion; report: CheckReport }> {
  return em.transactional(async (tx) => {
    await tx.execute(WRITE_LOCK);
    const current = await requireCurrent(tx);
    if (!current.subgraphs.some((subgraph) => subgraph.name === name)) throw new RegistryRefusal(`no subgraph "${name}" in the current supergraph`, "NOT_FOUND");
    const subgraphs = current.subgraphs.filter((subgraph) => subgraph.name !== name);
    const { report, composition } = await assess(tx, current, subgraphs);
    // Removing a subgraph removes its fields by intent: only a failed composition stops it.
    refuseUnlessPublishable(report, composition, true);
    const version = await record(tx, { action: "REMOVE", subject: name, subgraphs, composition, checks: report, forced: false, by });
    await tx.nativeUpdate(RegisteredSubgraph, { name }, { status: "REMOVED", updatedAt: new Date(), updatedBy: by });
    return { version, report };
  });
}

/** Publishes an earlier version's subgraphs again, as a new version (history only grows). */
export async function rollbackSupergraph(em: EntityManager, to: number, by: string): Promise<SupergraphVersion> {
  return em.transactional(async (tx) => {
    await tx.execute(WRITE_LOCK);
    const target = await tx.findOne(SupergraphVersion, { version: to });
    if (!target) throw new RegistryRefusal(`no supergraph version ${to}`, "NOT_FOUND");
    const composition: Composition = { ok: true, supergraphSdl: target.supergraphSdl, apiSdl: target.apiSdl, hints: [] };
    const version = await record(tx, { action: "ROLLBACK", subject: String(to), subgraphs: target.subgraphs, composition, checks: null, forced: false, by });
    const active = new Set(target.subgraphs.map((subgraph) => subgraph.name));
    await tx.nativeUpdate(RegisteredSubgraph, { name: { $nin: [...active] } }, { status: "REMOVED", updatedAt: new Date(), updatedBy: by });
    for (const subgraph of target.subgraphs) {
      await tx.upsert(RegisteredSubgraph, { name: subgraph.name, url: subgraph.url, societyId: subgraph.societyId, status: "ACTIVE", updatedAt: new Date(), updatedBy: by });
    }
    return version;
  });
}

export function supergraphHistory(em: EntityManager): Promise<Omit<SupergraphVersion, "supergraphSdl" | "apiSdl">[]> {
  return em.find(SupergraphVersion, {}, { orderBy: { version: "desc" }, exclude: ["supergraphSdl", "apiSdl"] });
}

export function listSubgraphs(em: EntityManager): Promise<RegisteredSubgraph[]> {
  return em.find(RegisteredSubgraph, {}, { orderBy: { status: "asc", name: "asc" } });
}

export function registeredSubgraph(em: EntityManager, name: string): Promise<RegisteredSubgraph | null> {
  return em.findOne(RegisteredSubgraph, { name });
}

async function requireCurrent(em: EntityManager): Promise<SupergraphVersion> {
  const current = await currentVersion(em);
  if (!current) throw new RegistryRefusal("the registry is empty: start the gateway once to record the shipped subgraphs", "NOT_FOUND");
  return current;
}

async function assess(em: EntityManager, current: SupergraphVersion, subgraphs: SubgraphDefinition[]): Promise<{ report: CheckReport; composition: Composition }> {
  const composition = compose(subgraphs);
  if (!composition.ok) {
    return { composition, report: { composes: false, errors: composition.errors, hints: composition.hints, breaking: [], dangerous: [], brokenOperations: [], dataRights: [] } };
  }
  const since = new Date(Date.now() - KNOWN_OPERATION_DAYS * 24 * 3600_000);
  const operations = await em.find(KnownOperation, { lastSeenAt: { $gte: since } }, { orderBy: { lastSeenAt: "desc" }, limit: MAX_RECORDED_OPERATIONS });
  // Societies' published documents are operations their sites will send, seen in traffic or not.
  const trusted = (await em.find(TrustedDocument, {}, { orderBy: { societyId: "asc", hash: "asc" } })).map((document) => ({
    name: `trusted document sha256:${document.hash}${document.name ? ` (${document.name})` : ""} of society ${document.societyId}`,
    hash: document.hash,
    document: document.document,
  }));
  const comparison = compareSchemas(current.apiSdl, composition.apiSdl, [...trusted, ...operations]);
  // Who would notice: each broken operation's count and clients, most frequent first.
  const clients = await em.find(KnownOperationClient, { hash: { $in: comparison.brokenOperations.map((operation) => operation.hash) } }, { orderBy: { count: "desc", client: "asc" } });
  const counts = new Map(operations.map((operation) => [operation.hash, Number(operation.count)]));
  for (const operation of comparison.brokenOperations) {
    operation.count = counts.get(operation.hash) ?? 0;
    operation.clients = clients.filter((client) => client.hash === operation.hash).map(({ client, societyId, count }) => ({ client, societyId, count: Number(count) }));
  }
  return { composition, report: { composes: true, errors: [], hints: composition.hints, ...comparison, dataRights: [] } };
}

function refuseUnlessPublishable(report: CheckReport, composition: Composition, force: boolean): asserts composition is Extract<Composition, { ok: true }> {
  if (!composition.ok) throw new RegistryRefusal("the subgraph does not compose with the others; nothing was published", "COMPOSITION_FAILED", report);
  if (!force && (report.breaking.length > 0 || report.brokenOperations.length > 0)) {
    throw new RegistryRefusal("the change would break clients; publish with force to do it anyway", "BREAKING_CHANGES", report);
  }
  if (!force && report.dataRights.length > 0) {
    throw new RegistryRefusal(`${report.dataRights.map((problem) => problem.message).join("; ")}; publish with force to do it anyway (recorded in the history)`, "DATA_RIGHTS_CONTRACT_MISSING", report);
  }
}

async function record(
  em: EntityManager,
  entry: { action: SupergraphAction; subject: string | null; subgraphs: SubgraphDefinition[]; composition: Composition; checks: CheckReport | null; forced: boolean; by: string },
): Promise<SupergraphVersion> {
  if (!entry.composition.ok) throw new Error("only a composed supergraph is recorded");
  const version = em.create(SupergraphVersion, {
    version: (await latestVersionNumber(em)) + 1,
    action: entry.action,
    subject: entry.subject,
    subgraphs: entry.subgraphs,
    supergraphSdl: entry.composition.supergraphSdl,
    apiSdl: entry.composition.apiSdl,
    checks: entry.checks,
    forced: entry.forced,
    publishedBy: entry.by,
    publishedAt: new Date(),
  });
  if (entry.action === "BOOTSTRAP") {
    for (const subgraph of entry.subgraphs) {
      em.create(RegisteredSubgraph, { name: subgraph.name, url: subgraph.url, societyId: subgraph.societyId, status: "ACTIVE", updatedAt: new Date(), updatedBy: entry.by });
    }
  }
  await em.flush();
  return version;
}

/** An operation seen in traffic since the last write: how often, and by which clients (see operation-records.ts). */
export interface SeenOperation {
  operation: NormalisedOperation;
  count: number;
  clients: Map<string, { societyId: string | null; count: number }>;
}

/** Clients the registry keeps per operation, those seen most recently. */
const CLIENTS_KEPT = 20;

/**
 * Remembers operations seen in traffic (upsert by signature, adding to their counts and their clients'),
 * then forgets all but the `keep` seen most recently, whichever gateway saw them, and all but each one's
 * CLIENTS_KEPT most recent clients. Returns how many operations the registry holds.
 */
export async function rememberOperations(em: EntityManager, seen: SeenOperation[], keep: number): Promise<number> {
  if (seen.length > 0) {
    const lastSeenAt = new Date();
    await em.execute(
      `insert into known_operation (hash, name, document, last_seen_at, count) values ${seen.map(() => "(?, ?, ?, ?, ?)").join(", ")}
       on conflict (hash) do update set name = excluded.name, document = excluded.document, last_seen_at = excluded.last_seen_at, count = known_operation.count + excluded.count`,
      seen.flatMap(({ operation, count }) => [operation.signature, operation.name && operation.name.slice(0, 255), operation.document, lastSeenAt, count]),
    );
    const clients = seen.flatMap(({ operation, clients }) => [...clients].map(([client, { societyId, count }]) => [operation.signature, client, societyId, count, lastSeenAt]));
    await em.execute(
      `insert into known_operation_client (hash, client, society_id, count, last_seen_at) values ${clients.map(() => "(?, ?, ?, ?, ?)").join(", ")}
       on conflict (hash, client) do update set last_seen_at = excluded.last_seen_at, count = known_operation_client.count + excluded.count`,
      clients.flat(),
    );
  }
  await em.execute("delete from known_operation where hash in (select hash from known_operation order by last_seen_at desc, hash offset ?)", [keep]);
  await em.execute(
    `delete from known_operation_client c where not exists (select 1 from known_operation o where o.hash = c.hash)
        or (c.hash, c.client) in (select hash, client from (select hash, client, row_number() over (partition by hash order by last_seen_at desc, client) as rank from known_operation_client) ranked where rank > ?)`,
    [CLIENTS_KEPT],
  );
  const [row] = await em.execute<{ count: string }[]>("select count(*) as count from known_operation");
  return Number(row?.count ?? 0);
}
