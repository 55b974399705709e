import type { IncomingMessage } from "node:http";
import { z } from "zod";
import { bearerToken, HttpError, readJsonBody, sendJson, type Route } from "../lib/http.js";
import type { Caller, ServiceTokens } from "../lib/identity.js";
import { MAX_MEMBER_ACCESS_IDS, MEMBER_ACCESS_PATH, type MemberAccess } from "../lib/member-access.js";
import type { LiveSupergraph } from "./registry/live-supergraph.js";
import type { SigningKeyRing } from "./signing-key/signing-keys.js";

const lookup = z.object({ ids: z.array(z.uuid()).min(1).max(MAX_MEMBER_ACCESS_IDS) });

const ENTITIES = `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Member { id society { id } } } }`;

interface EntitiesAnswer {
  data?: { _entities: ({ id: string; society: { id: string } | null } | null)[] };
  errors?: unknown[];
}

/**
 * `POST /internal/member-access { ids }` — what a subgraph's caller may know about members (lib/member-access.ts).
 * The subgraph presents the service token it received for the request; the gateway accepts only a token it
 * signed for a registered subgraph, and asks the members subgraph with a token for the same caller, so the
 * members subgraph's own visibility rule (its Member reference resolver: null = not visible) decides. A
 * subgraph needs no secret and learns nothing its caller could not have asked the gateway for.
 */
export function memberAccessRoute(options: MemberLookup & { signingKeys: Pick<SigningKeyRing, "verifyOwnServiceToken"> }): Route {
  return async (req, res, url) => {
    if (url.pathname !== MEMBER_ACCESS_PATH) return false;
    if (req.method !== "POST") throw new HttpError(405, "Use POST");
    const caller = await subgraphCaller(req, options.live, options.signingKeys);
    const parsed = lookup.safeParse(await readJsonBody(req, 64 * 1024));
    if (!parsed.success) throw new HttpError(400, `ids: one to ${MAX_MEMBER_ACCESS_IDS} member ids`);
    return sendJson(res, 200, { members: await lookUpMemberAccess(options, caller, parsed.data.ids) });
  };
}

/** Where and how the gateway asks the members subgraph. */
export interface MemberLookup {
  live: LiveSupergraph;
  tokens: ServiceTokens;
  /** Where the members subgraph listens when the deployment overrides the registry's URL. */
  membersUrl?: string;
  timeoutMs: number;
}

/** What `caller` may know about these members: the members subgraph's own visibility rule decides, for that caller. */
export async function lookUpMemberAccess(options: MemberLookup, caller: Caller, ids: string[]): Promise<Record<string, MemberAccess>> {
  const membersUrl = options.membersUrl ?? options.live.subgraphs.find((subgraph) => subgraph.name === "members")?.url;
  if (!membersUrl) throw new Error("the supergraph has no members subgraph");
  const response = await fetch(membersUrl, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${await options.tokens.get(caller, "members")}` },
    body: JSON.stringify({ query: ENTITIES, variables: { representations: ids.map((id) => ({ __typename: "Member", id })) } }),
    signal: AbortSignal.timeout(options.timeoutMs),
  });
  const answer = (await response.json()) as EntitiesAnswer;
  if (!response.ok || !answer.data || answer.errors) throw new Error(`the members subgraph could not answer a member access lookup (HTTP ${response.status})`);
  const members: Record<string, MemberAccess> = {};
  answer.data._entities.forEach((member, index) => {
    members[ids[index]!] = member ? { visible: true, homeSocietyId: member.society?.id ?? null } : { visible: false, homeSocietyId: null };
  });
  return members;
}

/**
 * The caller a subgraph's service token stands for, if this gateway signed it for a subgraph in the registry.
 */
async function subgraphCaller(req: IncomingMessage, live: LiveSupergraph, signingKeys: Pick<SigningKeyRing, "verifyOwnServiceToken">): Promise<Caller> {
  const token = bearerToken(req.headers.authorization);
  if (!token) throw new HttpError(401, "A service token is required");
  try {
    // Signed by this gateway's keys, for a subgraph in the registry (not the registry's own audience).
    return await signingKeys.verifyOwnServiceToken(token, live.subgraphs.map((subgraph) => subgraph.name));
  } catch {
    throw new HttpError(401, "A valid service token from this gateway is required");
  }
}
