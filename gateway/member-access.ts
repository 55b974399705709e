import type { IncomingMessage } from "node:http";
import { z } from "zod";
import { bearerToken, HttpError, readJsonBody, sendJson, type Route } from "../lib/http.js";
import { keptAliveAgents, post } from "../lib/http-post.js";
import type { Caller, ServiceTokens } from "../lib/identity.js";
import {
  COMMUNITY_ACCESS_PATH,
  EVENT_ACCESS_PATH,
  MAX_MEMBER_ACCESS_IDS,
  MEMBER_ACCESS_PATH,
  MEMBER_PROFILE_PATH,
  SOCIETY_ACCESS_PATH,
  WORK_ACCESS_PATH,
  type CommunityAccess,
  type EventAccess,
  type MemberAccess,
  type MemberProfile,
  type SocietyAccess,
  type WorkAccess,
} from "../lib/member-access.js";
import type { LiveSupergraph } from "./registry/live-supergraph.js";
import type { SigningKeyRing } from "./signing-key/signing-keys.js";

/** Kept-alive connections to the subgraphs that own claims (over node:http: see lib/http-post.ts). */
const agents = keptAliveAgents();

const lookup = z.object({ ids: z.array(z.uuid()).min(1).max(MAX_MEMBER_ACCESS_IDS) });

interface EntitiesAnswer {
  data?: { _entities: (Record<string, unknown> | null)[] };
  errors?: unknown[];
}

/** One kind of claim a subgraph may check: which subgraph owns the entity, what to ask it, how to answer. */
interface Claim {
  typename: string;
  subgraph: string;
  selection: string;
  /** Key of the answer's map of ids (kept per kind, so a subgraph reads `members` or `communities`). */
  answer: string;
  describe(entity: Record<string, unknown> | null): unknown;
}

const ids = (list: unknown) => (list as { id: string }[]).map((entry) => entry.id);

/**
 * The claims the gateway checks, by path: members (consent and home society; or with the profile a write
 * records), communities (existence, societies), works (existence, kind), societies (existence), events
 * (existence, kind, organiser, times).
 */
const CLAIMS: Record<string, Claim> = {
  [MEMBER_ACCESS_PATH]: {
    typename: "Member",
    subgraph: "members",
    selection: "society { id }",
    answer: "members",
    describe: (member): MemberAccess =>
      member ? { visible: true, homeSocietyId: (member.society as { id: string } | null)?.id ?? null } : { visible: false, homeSocietyId: null },
  },
  [COMMUNITY_ACCESS_PATH]: {
    typename: "Community",
    subgraph: "communities",
    selection: "societies { id }",
    answer: "communities",
    describe: (community): CommunityAccess => (community ? { exists: true, societyIds: ids(community.societies) } : { exists: false, societyIds: [] }),
  },
  [WORK_ACCESS_PATH]: {
    typename: "Work",
    subgraph: "scholarship",
    selection: "kind",
    answer: "works",
    describe: (work): WorkAccess => (work ? { exists: true, kind: work.kind as string } : { exists: false, kind: null }),
  },
  [MEMBER_PROFILE_PATH]: {
    typename: "Member",
    subgraph: "members",
    selection: "society { id } directoryConsent { research } country careerStage timezone languages expertise",
    answer: "members",
    describe: (member): MemberProfile =>
      member
        ? {
            visible: true,
            homeSocietyId: (member.society as { id: string } | null)?.id ?? null,
            research: (member.directoryConsent as { research: boolean } | null)?.research === true,
            country: (member.country as string | null) ?? null,
            careerStage: (member.careerStage as string | null) ?? null,
            timezone: (member.timezone as string | null) ?? null,
            languages: (member.languages as string[] | null) ?? [],
            expertise: (member.expertise as string[] | null) ?? [],
          }
        : { visible: false, homeSocietyId: null, research: false, country: null, careerStage: null, timezone: null, languages: [], expertise: [] },
  },
  [EVENT_ACCESS_PATH]: {
    typename: "Event",
    subgraph: "events",
    selection: "kind startsAt endsAt society { id }",
    answer: "events",
    describe: (event): EventAccess =>
      event
        ? { exists: true, kind: event.kind as string, societyId: (event.society as { id: string } | null)?.id ?? null, startsAt: event.startsAt as string, endsAt: event.endsAt as string }
        : { exists: false, kind: null, societyId: null, startsAt: null, endsAt: null },
  },
  [SOCIETY_ACCESS_PATH]: {
    typename: "Society",
    subgraph: "members",
    selection: "",
    answer: "societies",
    describe: (society): SocietyAccess => ({ exists: society !== null }),
  },
};

/**
 * `POST /internal/member-access { ids }` — what a subgraph's caller may know about members — and
 * `POST /internal/community-access { ids }` — which communities exist and which societies take part
 * (lib/member-access.ts). The subgraph presents the service token it received for the request; the gateway
 * accepts only a token it signed for a registered subgraph, and asks the owning subgraph with a token for the
 * same caller, so the owner's own rule (its reference resolver: null = unknown or not visible) decides. A
 * subgraph needs no secret and learns nothing its caller could not have asked the gateway for.
 */
export function entityAccessRoute(options: EntityLookup & { signingKeys: Pick<SigningKeyRing, "verifyOwnServiceToken"> }): Route {
  return async (req, res, url) => {
    const claim = CLAIMS[url.pathname];
    if (!claim) return false;
    if (req.method !== "POST") throw new HttpError(405, "Use POST");
    const caller = await subgraphCaller(req, options.live, options.signingKeys);
    const parsed = lookup.safeParse(await readJsonBody(req, 64 * 1024));
    if (!parsed.success) throw new HttpError(400, `ids: one to ${MAX_MEMBER_ACCESS_IDS} ids`);
    return sendJson(res, 200, { [claim.answer]: await lookUp(options, claim, caller, parsed.data.ids) });
  };
}

/** Where and how the gateway asks the subgraph that owns a claim's entities. */
export interface EntityLookup {
  live: LiveSupergraph;
  tokens: ServiceTokens;
  /** Where shipped subgraphs listen when the deployment overrides the registry's URLs. */
  subgraphUrls?: Record<string, string>;
  timeoutMs: number;
}

/** What `caller` may know about these members: the members subgraph's own visibility rule decides, for that caller. */
export async function lookUpMemberAccess(options: EntityLookup, caller: Caller, ids: string[]): Promise<Record<string, MemberAccess>> {
  return (await lookUp(options, CLAIMS[MEMBER_ACCESS_PATH]!, caller, ids)) as Record<string, MemberAccess>;
}

/** Asks the owning subgraph, with a token for the same caller, about each id of a claim. */
async function lookUp(options: EntityLookup, claim: Claim, caller: Caller, ids: string[]): Promise<Record<string, unknown>> {
  const ownerUrl = options.subgraphUrls?.[claim.subgraph] ?? options.live.subgraphs.find((subgraph) => subgraph.name === claim.subgraph)?.url;
  if (!ownerUrl) throw new Error(`the supergraph has no ${claim.subgraph} subgraph`);
  const answer = await post(new URL(ownerUrl), {
    agents,
    headers: { "content-type": "application/json", authorization: `Bearer ${await options.tokens.get(caller, claim.subgraph)}` },
    body: JSON.stringify({
      query: `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on ${claim.typename} { id ${claim.selection} } } }`,
      variables: { representations: ids.map((id) => ({ __typename: claim.typename, id })) },
    }),
    signal: AbortSignal.timeout(options.timeoutMs),
    idempotent: true,
  });
  const entitiesAnswer = parsedOrNull(answer.body);
  if (answer.status !== 200 || !entitiesAnswer?.data || entitiesAnswer.errors) {
    throw new Error(`the ${claim.subgraph} subgraph could not answer a ${claim.typename} lookup (HTTP ${answer.status})`);
  }
  const entities: Record<string, unknown> = {};
  entitiesAnswer.data._entities.forEach((entity, index) => {
    entities[ids[index]!] = claim.describe(entity);
  });
  return entities;
}

function parsedOrNull(body: string): EntitiesAnswer | null {
  try {
    return JSON.parse(body) as EntitiesAnswer;
  } catch {
    return null;
  }
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
