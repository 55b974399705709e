import type { MikroORM } from "@mikro-orm/postgresql";
import { z } from "zod";
import { HttpError } from "../../lib/http.js";
import type { Caller } from "../../lib/identity.js";
import { parseBody, requireAdmin, who, type AdminActions } from "../admin/actions.js";
import { SocietyWeb } from "./partner-web.entity.js";
import { documentIdOf, type PartnerWeb } from "./partner-web.js";
import { MAX_ORIGINS_PER_SOCIETY, listTrustedDocuments, publishTrustedDocuments, removeTrustedDocuments, setSocietyOrigins, webOrigin } from "./trusted-documents.js";

/**
 * The admin API's partner-website actions (`copnet society update --origin`, `copnet documents …`):
 *   GET  /admin/societies/origins            every society's registered origins      (admin)
 *   POST /admin/societies/origins            { society, origins } replaces them      (admin)
 *   GET  /admin/documents?society=<id>       a society's trusted documents           (admin, or that society's key)
 *   POST /admin/documents/publish            { society, manifest, enforce }          (admin, or that society's key)
 *   POST /admin/documents/remove             { society, ids }                        (admin, or that society's key)
 * Each change is in use at this gateway on return and at every other within one registry poll.
 */
export function partnerWebActions(options: { orm: MikroORM; web: PartnerWeb; maxDocumentBytes: number }): AdminActions {
  const { orm, web } = options;
  const society = z.uuid();
  return {
    "GET societies/origins": async (caller) => {
      requireAdmin(caller);
      const webs = await orm.em.fork().find(SocietyWeb, {}, { orderBy: { societyId: "asc" } });
      return { societies: webs.map(({ societyId, origins, enforceDocuments, updatedAt, updatedBy }) => ({ society: societyId, origins, enforceDocuments, updatedAt, updatedBy })) };
    },
    "POST societies/origins": async (caller, body) => {
      requireAdmin(caller);
      const input = parseBody(z.object({ society, origins: z.array(webOrigin).max(MAX_ORIGINS_PER_SOCIETY) }), body);
      const saved = await setSocietyOrigins(orm.em.fork(), input.society, input.origins, who(caller));
      await web.refresh();
      return { society: saved.societyId, origins: saved.origins };
    },
    "GET documents": async (caller, _body, _res, url) => {
      const { society: societyId } = parseBody(z.object({ society }), { society: url.searchParams.get("society") });
      requireOwnerOrAdmin(caller, societyId);
      const documents = await listTrustedDocuments(orm.em.fork(), societyId);
      return { documents: documents.map(({ hash, name, publishedAt }) => ({ id: documentIdOf(hash), name, publishedAt })) };
    },
    "POST documents/publish": async (caller, body) => {
      const input = parseBody(z.object({ society, manifest: z.unknown(), enforce: z.boolean().default(false) }), body);
      requireOwnerOrAdmin(caller, input.society);
      const outcome = await publishTrustedDocuments(orm.em.fork(), { societyId: input.society, manifest: input.manifest, enforce: input.enforce, by: who(caller), maxDocumentBytes: options.maxDocumentBytes });
      await web.refresh();
      return outcome;
    },
    "POST documents/remove": async (caller, body) => {
      const input = parseBody(z.object({ society, ids: z.array(z.string().max(80)).min(1).max(1000) }), body);
      requireOwnerOrAdmin(caller, input.society);
      const removed = await removeTrustedDocuments(orm.em.fork(), input.society, input.ids, who(caller));
      await web.refresh();
      return { removed };
    },
  };
}

/** A society manages its own site's documents with its secret key; an admin manages anyone's. */
function requireOwnerOrAdmin(caller: Caller, societyId: string): void {
  if (caller.role === "admin" || (caller.role === "society" && caller.societyId === societyId)) return;
  throw new HttpError(403, "Only an admin key, or the society's own (secret) key, may manage its trusted documents");
}
