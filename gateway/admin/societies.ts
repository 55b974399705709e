import type { ServerResponse } from "node:http";
import type { ApolloServer } from "@apollo/server";
import { z } from "zod";
import { HttpError } from "../../lib/http.js";
import type { Caller } from "../../lib/identity.js";
import type { GatewayContext } from "../context.js";
import { queryAs } from "../downloads/graphql.js";
import { parseBody, requireAdmin, type AdminActions } from "./actions.js";

const SOCIETY_FIELDS = "id slug name kind stage country website ror stageHistory { stage since }";

export interface SocietyName {
  id: string;
  slug: string;
  name: string;
}

const KINDS = ["COMMUNITY_OF_PRACTICE", "PROFESSIONAL_SOCIETY", "TRAINEE_NETWORK", "RESEARCH_GROUP", "ACADEMY"] as const;
const STAGES = ["ESTABLISH", "GROW", "SUSTAIN"] as const;
const changes = {
  name: z.string().optional(),
  kind: z.enum(KINDS).optional(),
  stage: z.enum(STAGES).optional(),
  country: z.string().optional(),
  website: z.string().optional(),
  ror: z.string().optional(),
};
const createInput = z.strictObject({ ...changes, slug: z.string(), name: z.string(), kind: z.enum(KINDS), country: z.string() });
const updateInput = z.strictObject({ ...changes, society: z.string() });

/**
 * Societies for admins, through the members subgraph's own mutations (it keeps society records and checks
 * the admin role itself), as the admin key's caller:
 *   GET  /admin/societies           every society with its stage history
 *   POST /admin/societies           create { slug name kind country stage? website? ror? }
 *   POST /admin/societies/update    change { society: slug or id, …fields }
 */
export function societyActions(apollo: ApolloServer<GatewayContext>): AdminActions {
  return {
    "GET societies": async (caller, _body, res) => {
      requireAdmin(caller);
      return queryAs(apollo, res, caller, `{ societies { ${SOCIETY_FIELDS} } }`, {});
    },
    "POST societies": async (caller, body, res) => {
      requireAdmin(caller);
      const input = parseBody(createInput, body);
      return queryAs(apollo, res, caller, `mutation ($input: CreateSocietyInput!) { society: createSociety(input: $input) { ${SOCIETY_FIELDS} } }`, { input });
    },
    "POST societies/update": async (caller, body, res) => {
      requireAdmin(caller);
      const { society, ...input } = parseBody(updateInput, body);
      const { id } = await findSociety(apollo, res, caller, society);
      return queryAs(apollo, res, caller, `mutation ($id: ID!, $input: UpdateSocietyInput!) { society: updateSociety(id: $id, input: $input) { ${SOCIETY_FIELDS} } }`, { id, input });
    },
  };
}

/** Every society's slug and name by id, so that listings name societies rather than show ids. */
export async function societyNames(apollo: ApolloServer<GatewayContext>, res: ServerResponse, caller: Caller): Promise<Map<string, SocietyName>> {
  const { societies } = await queryAs<{ societies: SocietyName[] }>(apollo, res, caller, "{ societies { id slug name } }", {});
  return new Map(societies.map((society) => [society.id, society]));
}

/** A society by slug or id, or 404. */
export async function findSociety(apollo: ApolloServer<GatewayContext>, res: ServerResponse, caller: Caller, slugOrId: string): Promise<SocietyName> {
  const found = [...(await societyNames(apollo, res, caller)).values()].find((society) => society.slug === slugOrId || society.id === slugOrId);
  if (!found) throw new HttpError(404, `No society "${slugOrId}" in the directory`);
  return found;
}
