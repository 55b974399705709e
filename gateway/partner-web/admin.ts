import type { ServerResponse } from "node:http";
import type { ApolloServer } from "@apollo/server";
import type { MikroORM } from "@mikro-orm/postgresql";
import { z } from "zod";
import { HttpError } from "../../lib/http.js";
import type { Caller } from "../../lib/identity.js";
import { parseBody, requireAdmin, who, type AdminActions } from "../admin/actions.js";
import { findSociety, societyNames } from "../admin/societies.js";
import type { GatewayContext } from "../context.js";
import { SocietyWeb } from "./partner-web.entity.js";
import { documentIdOf, type PartnerWeb } from "./partner-web.js";
import { MAX_ORIGINS_PER_SOCIETY, listTrustedDocuments, publishTrustedDocuments, removeTrustedDocuments, setSocietyOrigins, webOrigin } from "./trusted-documents.js";

/**
 * The admin API's partner-website actions (`copnet society update --origin`, `copnet documents …`); a
 * society is named by slug or id:
 *   GET  /admin/societies/origins            every society's registered origins      (admin)
 *   POST /admin/societies/origins            { society, origins } replaces them      (admin)
 *   GET  /admin/documents?society=<slug>     a society's trusted documents           (admin, or that society's key)
 *   POST /admin/documents/publish            { society, manifest, enforce }          (admin, or that society's key)
 *   POST /admin/documents/remove             { society, ids }                        (admin, or that society's key)
 * Each change is in use at this gateway on return and at every other within one registry poll.
 */
export function partnerWebActions(options: { orm: MikroORM; web: PartnerWeb; apollo: ApolloServer<GatewayContext>; maxDocumentBytes: number }): AdminActions {
  const { orm, web, apollo } = options;
  const society = z.string().min(1).max(100);
  /** The named society's id, if the caller may manage its website. */
  const managed = async (caller: Caller, res: ServerResponse, slugOrId: string, adminOnly = false) => {
    if (caller.role !== "admin" && (adminOnly || caller.role !== "society")) {
      throw new HttpError(403, adminOnly ? "Only an admin key may do this" : "Only an admin key, or the society's own (secret) key, may manage its trusted documents");
    }
    const { id } = await findSociety(apollo, res, caller, slugOrId);
    if (caller.role === "society" && caller.societyId !== id) throw new HttpError(403, "A society key manages its own society's trusted documents only");
    return id;
  };
  return {
    "GET societies/origins": async (caller, _body, res) => {
      requireAdmin(caller);
      const [webs, names] = await Promise.all([orm.em.fork().find(SocietyWeb, {}, { orderBy: { societyId: "asc" } }), societyNames(apollo, res, caller)]);
      return {
        societies: webs.map(({ societyId, origins, enforceDocuments, updatedAt, updatedBy }) => ({ society: names.get(societyId) ?? { id: societyId, slug: null, name: null }, origins, enforceDocuments, updatedAt, updatedBy })),
      };
    },
    "POST societies/origins": async (caller, body, res) => {
      const input = parseBody(z.strictObject({ society, origins: z.array(webOrigin).max(MAX_ORIGINS_PER_SOCIETY) }), body);
      const saved = await setSocietyOrigins(orm.em.fork(), await managed(caller, res, input.society, true), input.origins, who(caller));
      await web.refresh();
      return { society: saved.societyId, origins: saved.origins };
    },
    "GET documents": async (caller, _body, res, url) => {
      const { society: slugOrId } = parseBody(z.object({ society }), { society: url.searchParams.get("society") ?? undefined });
      const documents = await listTrustedDocuments(orm.em.fork(), await managed(caller, res, slugOrId));
      return { documents: documents.map(({ hash, name, publishedAt }) => ({ id: documentIdOf(hash), name, publishedAt })) };
    },
    "POST documents/publish": async (caller, body, res) => {
      const input = parseBody(z.strictObject({ society, manifest: z.unknown(), enforce: z.boolean().default(false) }), body);
      const societyId = await managed(caller, res, input.society);
      const outcome = await publishTrustedDocuments(orm.em.fork(), { societyId, manifest: input.manifest, enforce: input.enforce, by: who(caller), maxDocumentBytes: options.maxDocumentBytes });
      await web.refresh();
      return outcome;
    },
    "POST documents/remove": async (caller, body, res) => {
      const input = parseBody(z.strictObject({ society, ids: z.array(z.string().max(80)).min(1).max(1000) }), body);
      const removed = await removeTrustedDocuments(orm.em.fork(), await managed(caller, res, input.society), input.ids, who(caller));
      await web.refresh();
      return { removed };
    },
  };
}
