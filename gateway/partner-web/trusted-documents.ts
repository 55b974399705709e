import { LockMode } from "@mikro-orm/core";
import { GraphQLError, Kind, buildSchema, parse, validate, type DocumentNode } from "graphql";
import { z } from "zod";
import type { EntityManager } from "../../lib/database.js";
import { RegistryRefusal, currentVersion } from "../registry/registry.js";
import { SocietyWeb, TrustedDocument } from "./partner-web.entity.js";
import { documentIdOf, sha256 } from "./partner-web.js";

/** Documents one society may keep: its site's operations, not a way to store arbitrary text at the gateway. */
export const MAX_DOCUMENTS_PER_SOCIETY = 500;
export const MAX_ORIGINS_PER_SOCIETY = 20;

/** A serialized web origin, as a browser sends it: scheme, host and port only. */
export const webOrigin = z.string().max(255).refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") && url.origin === value;
  } catch {
    return false;
  }
}, "must be an origin such as https://www.society.org (scheme, host and port; no path or trailing slash)");

const codegenManifest = z.record(z.string(), z.string());
const apolloManifest = z.object({
  format: z.literal("apollo-persisted-query-manifest"),
  version: z.literal(1),
  operations: z.array(z.object({ id: z.string(), body: z.string(), name: z.string().optional(), type: z.string().optional() })),
});

/**
 * The two manifests clients generate, as { hash: document }: GraphQL Codegen's client preset
 * (`persisted-documents.json`, `{ "sha256:<hex>": "<document>" }`; bare hex accepted) and Apollo's
 * persisted-query manifest (`{ format: "apollo-persisted-query-manifest", operations: [{ id, body }] }`).
 */
export function manifestDocuments(manifest: unknown): Map<string, string> {
  const apollo = apolloManifest.safeParse(manifest);
  const entries = apollo.success
    ? apollo.data.operations.map((operation) => [operation.id, operation.body] as const)
    : codegenManifest.safeParse(manifest).success
      ? Object.entries(manifest as Record<string, string>)
      : null;
  if (!entries) throw new RegistryRefusal("the manifest is neither Codegen's persisted-documents.json ({ \"sha256:<hex>\": \"<document>\" }) nor an Apollo persisted-query manifest", "BAD_REQUEST");
  const documents = new Map<string, string>();
  for (const [id, document] of entries) {
    const hash = /^(?:sha256:)?([0-9a-f]{64})$/.exec(id)?.[1];
    if (!hash) throw new RegistryRefusal(`document id "${id.slice(0, 80)}" is not a SHA-256 ("sha256:<64 lower-case hex digits>")`, "BAD_REQUEST");
    if (sha256(document) !== hash) throw new RegistryRefusal(`document ${documentIdOf(hash)} does not hash to its id: publish the manifest exactly as the client generated it`, "BAD_REQUEST");
    documents.set(hash, document);
  }
  return documents;
}

/**
 * Stores a society's documents (added to those it has; the same hash again is a no-op) after checking each
 * against the schema clients use now, and sets whether its publishable keys run them only.
 */
export async function publishTrustedDocuments(
  em: EntityManager,
  input: { societyId: string; manifest: unknown; enforce: boolean; by: string; maxDocumentBytes: number },
): Promise<{ published: number; total: number; enforce: boolean }> {
  const documents = manifestDocuments(input.manifest);
  const current = await currentVersion(em);
  if (!current) throw new RegistryRefusal("the registry is empty: start the gateway once", "NOT_FOUND");
  const schema = buildSchema(current.apiSdl);
  const rows = [...documents].map(([hash, text]) => {
    if (Buffer.byteLength(text) > input.maxDocumentBytes) throw new RegistryRefusal(`document ${documentIdOf(hash)} is larger than ${input.maxDocumentBytes} bytes`, "BAD_REQUEST");
    let parsed: DocumentNode;
    try {
      parsed = parse(text);
    } catch (error) {
      throw new RegistryRefusal(`document ${documentIdOf(hash)} does not parse: ${(error as GraphQLError).message}`, "BAD_REQUEST");
    }
    const errors = validate(schema, parsed);
    if (errors.length > 0) throw new RegistryRefusal(`document ${documentIdOf(hash)} does not run on the current schema: ${errors.map((error) => error.message).join("; ")}`, "BAD_REQUEST");
    const operation = parsed.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
    return { societyId: input.societyId, hash, document: text, name: operation?.name?.value ?? null, publishedAt: new Date() };
  });
  return em.transactional(async (tx) => {
    const web = await lockedWeb(tx, input.societyId, input.by);
    const known = new Set((await tx.find(TrustedDocument, { societyId: input.societyId }, { fields: ["hash"] })).map((document) => document.hash));
    const added = rows.filter((row) => !known.has(row.hash));
    if (known.size + added.length > MAX_DOCUMENTS_PER_SOCIETY) {
      throw new RegistryRefusal(`a society keeps at most ${MAX_DOCUMENTS_PER_SOCIETY} trusted documents (it has ${known.size}; this adds ${added.length}): remove unused ones first`, "BAD_REQUEST");
    }
    if (added.length > 0) await tx.insertMany(TrustedDocument, added);
    web.enforceDocuments = input.enforce;
    return { published: added.length, total: known.size + added.length, enforce: input.enforce };
  });
}

/** Removes documents by id (`sha256:<hex>` or hex); returns how many were removed. */
export async function removeTrustedDocuments(em: EntityManager, societyId: string, ids: string[], by: string): Promise<number> {
  const hashes = ids.map((id) => id.replace(/^sha256:/, ""));
  return em.transactional(async (tx) => {
    await lockedWeb(tx, societyId, by);
    return tx.nativeDelete(TrustedDocument, { societyId, hash: { $in: hashes } });
  });
}

export function listTrustedDocuments(em: EntityManager, societyId: string): Promise<TrustedDocument[]> {
  return em.find(TrustedDocument, { societyId }, { orderBy: { name: "asc", hash: "asc" } });
}

/** Replaces a society's registered web origins. */
export async function setSocietyOrigins(em: EntityManager, societyId: string, origins: string[], by: string): Promise<SocietyWeb> {
  return em.transactional(async (tx) => {
    const web = await lockedWeb(tx, societyId, by);
    web.origins = [...new Set(origins)];
    return web;
  });
}

/** The society's row, created if new and locked, its `updatedAt` moved so every gateway reloads after the commit. */
async function lockedWeb(em: EntityManager, societyId: string, by: string): Promise<SocietyWeb> {
  await em.execute("insert into society_web (society_id, origins, enforce_documents, updated_at, updated_by) values (?, '[]', false, now(), ?) on conflict do nothing", [societyId, by]);
  const web = await em.findOneOrFail(SocietyWeb, { societyId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  web.updatedAt = new Date();
  web.updatedBy = by;
  return web;
}
