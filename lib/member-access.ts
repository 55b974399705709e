import DataLoader from "dataloader";
import { GraphQLError } from "graphql";
import { requireSocietyCaller } from "./authz.js";
import { forbidden } from "./errors.js";
import { keptAliveAgents, post } from "./http-post.js";
import type { Caller } from "./identity.js";
import { injectTrace } from "./tracing.js";
import { isUuid } from "./validators.js";

/**
 * What a subgraph may know about a member it holds only the id of, for the caller of one request. Ids that
 * cross a subgraph boundary are claims (DESIGN §4): these facts come from the members subgraph, through the
 * gateway, never from the client.
 */
export interface MemberAccess {
  /** The members subgraph shows this member to the caller (consent, or the caller's own society). */
  visible: boolean;
  /** The member's home society (`Member.society`); null when the member is unknown or not visible. */
  homeSocietyId: string | null;
}

/**
 * What a subgraph may rely on about a community it holds only the id of (an event or a resource that names
 * it): a claim checked with the communities subgraph, through the gateway, like a member id.
 */
export interface CommunityAccess {
  exists: boolean;
  /** Societies taking part (the creating one first); a society may attach its records only to these. */
  societyIds: string[];
}

/** What a subgraph may rely on about a society id it is given (a community admitting a society): that the directory has it. */
export interface SocietyAccess {
  exists: boolean;
}

/** What a subgraph may rely on about a work (a webinar's recording): that it exists, and its kind. */
export interface WorkAccess {
  exists: boolean;
  kind: string | null;
}

/** What a subgraph may rely on about an event it is given (a speed-mentoring session's): kind, organiser and times. */
export interface EventAccess {
  exists: boolean;
  kind: string | null;
  societyId: string | null;
  startsAt: string | null;
  endsAt: string | null;
}

/**
 * What the members subgraph says about a member, for a subgraph that records it at the time of a write (a rater's
 * country and career stage, a speed-mentoring participant's profile for scoring) or groups members (mentoring-circle
 * suggestions). Every field is one the members subgraph shows to anyone who may see the member; a member the caller
 * may not see comes back `visible: false`, without them.
 */
export interface MemberProfile extends MemberAccess {
  /** The member agreed to be counted in researchers' statistics (their directory consent's `research`). */
  research: boolean;
  country: string | null;
  careerStage: string | null;
  timezone: string | null;
  languages: string[];
  expertise: string[];
}

/** Where a subgraph asks the gateway, presenting the service token of its request. */
export const MEMBER_ACCESS_PATH = "/internal/member-access";
export const COMMUNITY_ACCESS_PATH = "/internal/community-access";
export const WORK_ACCESS_PATH = "/internal/work-access";
export const SOCIETY_ACCESS_PATH = "/internal/society-access";
export const EVENT_ACCESS_PATH = "/internal/event-access";
export const MEMBER_PROFILE_PATH = "/internal/member-profile";
/** Most ids one lookup may name (a page of 100 members' relations and co-authors fits); the loader splits bigger batches. */
export const MAX_MEMBER_ACCESS_IDS = 1000;
const LOOKUP_TIMEOUT_MS = 10_000;
/**
 * Lookups from one subgraph process share a few kept-alive connections: a burst of requests (a thousand
 * simultaneous registrations) queues here instead of opening a socket each against the gateway.
 */
const agents = keptAliveAgents({ maxSockets: 16 });

const HIDDEN: MemberAccess = { visible: false, homeSocietyId: null };
const NO_COMMUNITY: CommunityAccess = { exists: false, societyIds: [] };
const NO_WORK: WorkAccess = { exists: false, kind: null };
const NO_SOCIETY: SocietyAccess = { exists: false };
const NO_EVENT: EventAccess = { exists: false, kind: null, societyId: null, startsAt: null, endsAt: null };
const NO_PROFILE: MemberProfile = { ...HIDDEN, research: false, country: null, careerStage: null, timezone: null, languages: [], expertise: [] };

/** Per request (never shared between requests, so a consent change counts from the next request on). */
export type MemberAccessLoader = DataLoader<string, MemberAccess>;
export type CommunityAccessLoader = DataLoader<string, CommunityAccess>;
export type WorkAccessLoader = DataLoader<string, WorkAccess>;
export type SocietyAccessLoader = DataLoader<string, SocietyAccess>;
export type EventAccessLoader = DataLoader<string, EventAccess>;
export type MemberProfileLoader = DataLoader<string, MemberProfile>;

/** What the helpers below need from a subgraph's request context. */
export interface MemberAccessContext {
  caller: Caller;
  memberAccess: MemberAccessLoader;
}

/**
 * The batched lookup for one request: `POST {gateway}/internal/member-access { ids }` with the service token
 * this request came with. The gateway checks it signed that token, then asks the members subgraph as the same
 * caller — one extra gateway → members round trip per request that needs it, shared by every field of it.
 */
export function memberAccessLoader(gatewayUrl: string, serviceToken: string): MemberAccessLoader {
  return claimLoader(new URL(MEMBER_ACCESS_PATH, gatewayUrl), "members", HIDDEN, serviceToken);
}

/** The same lookup for community ids (`POST {gateway}/internal/community-access`). */
export function communityAccessLoader(gatewayUrl: string, serviceToken: string): CommunityAccessLoader {
  return claimLoader(new URL(COMMUNITY_ACCESS_PATH, gatewayUrl), "communities", NO_COMMUNITY, serviceToken);
}

/** The same lookup for work ids (`POST {gateway}/internal/work-access`). */
export function societyAccessLoader(gatewayUrl: string, serviceToken: string): SocietyAccessLoader {
  return claimLoader(new URL(SOCIETY_ACCESS_PATH, gatewayUrl), "societies", NO_SOCIETY, serviceToken);
}

/** The same lookup for event ids (`POST {gateway}/internal/event-access`). */
export function eventAccessLoader(gatewayUrl: string, serviceToken: string): EventAccessLoader {
  return claimLoader(new URL(EVENT_ACCESS_PATH, gatewayUrl), "events", NO_EVENT, serviceToken);
}

/** A member's profile as the members subgraph gives it to the caller (`POST {gateway}/internal/member-profile`). */
export function memberProfileLoader(gatewayUrl: string, serviceToken: string): MemberProfileLoader {
  return claimLoader(new URL(MEMBER_PROFILE_PATH, gatewayUrl), "members", NO_PROFILE, serviceToken);
}

export function workAccessLoader(gatewayUrl: string, serviceToken: string): WorkAccessLoader {
  return claimLoader(new URL(WORK_ACCESS_PATH, gatewayUrl), "works", NO_WORK, serviceToken);
}

/** One batched claim lookup at the gateway; an id the owner does not answer for gets `unknown`. */
function claimLoader<T>(url: URL, answer: string, unknown: T, serviceToken: string): DataLoader<string, T> {
  return new DataLoader(
    async (ids) => {
      const asked = [...new Set(ids.filter(isUuid))];
      if (asked.length === 0) return ids.map(() => unknown);
      const found = ((await postJson(url, { ids: asked }, serviceToken)) as Record<string, Record<string, T>>)[answer] ?? {};
      return ids.map((id) => found[id] ?? unknown);
    },
    { maxBatchSize: MAX_MEMBER_ACCESS_IDS },
  );
}

async function postJson(url: URL, body: unknown, token: string): Promise<unknown> {
  const headers: Record<string, string> = { "content-type": "application/json", authorization: `Bearer ${token}` };
  injectTrace({ set: (name, value) => void (headers[name] = value) });
  const answer = await post(url, { agents, headers, body: JSON.stringify(body), signal: AbortSignal.timeout(LOOKUP_TIMEOUT_MS), idempotent: true }).catch((error: Error) => {
    throw error.name === "TimeoutError" ? new Error(`${url.pathname} lookup timed out`) : error;
  });
  if (answer.status !== 200) throw new Error(`${url.pathname} lookup refused by the gateway (HTTP ${answer.status})`);
  return JSON.parse(answer.body);
}

/** `memberAccess(ids, caller)`: the facts per id, in order, for the caller of this request. */
export async function memberAccess(ids: readonly string[], context: MemberAccessContext): Promise<MemberAccess[]> {
  const found = await context.memberAccess.loadMany(ids);
  return found.map((access) => {
    if (access instanceof Error) throw access;
    return access;
  });
}

export async function isVisibleMember(context: MemberAccessContext, memberId: string): Promise<boolean> {
  return (await context.memberAccess.load(memberId)).visible;
}

/** The caller is a society key and the member's home society (who owns the member's private records). */
export function isCallersMember(context: MemberAccessContext, access: MemberAccess): boolean {
  return context.caller.role === "society" && access.visible && access.homeSocietyId === context.caller.societyId;
}

/** NOT_FOUND for an unknown member and for one the caller may not see alike, so a write cannot probe for hidden members. */
export async function requireVisibleMember(context: MemberAccessContext, memberId: string, field: string): Promise<MemberAccess> {
  const access = await context.memberAccess.load(memberId);
  if (!access.visible) throw new GraphQLError(`Member ${memberId} does not exist`, { extensions: { code: "NOT_FOUND", field } });
  return access;
}

/** A write for a member is made by the member's home society only; returns that society. */
export async function requireHomeSociety(context: MemberAccessContext, memberId: string, field: string): Promise<string> {
  const societyId = requireSocietyCaller(context.caller);
  const access = await requireVisibleMember(context, memberId, field);
  if (access.homeSocietyId !== societyId) throw forbidden(`Only the member's home society may do this for member ${memberId}`);
  return societyId;
}

/** A member's own data in this subgraph, or null when the caller may not see the member. */
export async function whenVisible<T>(context: MemberAccessContext, memberId: string, read: () => Promise<T> | T): Promise<T | null> {
  return (await isVisibleMember(context, memberId)) ? read() : null;
}

/** The rows whose member the caller may see (rows naming no member are kept); one lookup for the whole list. */
export async function withVisibleMembers<T>(context: MemberAccessContext, rows: T[], memberIdOf: (row: T) => string | null): Promise<T[]> {
  const named = [...new Set(rows.map(memberIdOf).filter((id): id is string => id !== null))];
  const access = await memberAccess(named, context);
  const visible = new Set(named.filter((_id, index) => access[index]!.visible));
  return rows.filter((row) => {
    const id = memberIdOf(row);
    return id === null || visible.has(id);
  });
}

/**
 * The first `count` items, in their order, whose member the caller may see: for a ranked list where only the top
 * is shown (mentor matches). It asks about twice as many ids as wanted (at least 10), and twice as many again each
 * round that falls short, so a ranking of 200 candidates costs one lookup of 20 ids when few are hidden and at most
 * five when nearly all are.
 */
export async function firstVisible<T>(context: MemberAccessContext, items: readonly T[], memberIdOf: (item: T) => string, count: number): Promise<T[]> {
  const shown: T[] = [];
  let next = 0;
  for (let batchSize = Math.max(10, 2 * count); shown.length < count && next < items.length; batchSize *= 2) {
    const batch = items.slice(next, next + batchSize);
    next += batch.length;
    const access = await memberAccess(batch.map(memberIdOf), context);
    shown.push(...batch.filter((_item, index) => access[index]!.visible));
  }
  return shown.slice(0, count);
}

/**
 * A community id a write names (an event's, a resource's): it must exist and the caller's society must take
 * part in it. NOT_FOUND for both, so a write cannot probe for communities a society is not in.
 */
export async function requireCommunityOfCaller(context: { caller: Caller; communityAccess: CommunityAccessLoader }, communityId: string, field: string): Promise<string> {
  const societyId = requireSocietyCaller(context.caller);
  if (!isUuid(communityId)) throw new GraphQLError(`${field}: is not a valid id`, { extensions: { code: "BAD_USER_INPUT", field } });
  const access = await context.communityAccess.load(communityId);
  if (!access.exists || !access.societyIds.includes(societyId)) {
    throw new GraphQLError(`Community ${communityId} does not exist or your society does not take part in it`, { extensions: { code: "NOT_FOUND", field } });
  }
  return communityId;
}
