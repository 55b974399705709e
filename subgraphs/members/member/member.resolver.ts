import { UniqueConstraintViolationException } from "@mikro-orm/core";
import { Arg, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { requireOwner, requireSocietyCaller } from "../../../lib/authz.js";
import { assertUuid, conflict, forbidden, notFound } from "../../../lib/errors.js";
import { assumed } from "../../../lib/demand-control.js";
import type { FilterQuery } from "@mikro-orm/core";
import type { EntityManager } from "../../../lib/database.js";
import { connectionType, decodeCursor, PAGED, pageSize, toPage, type Page } from "../../../lib/pagination.js";
import type { SubgraphContext } from "../../../lib/subgraph.js";
import { PrivateRead, type PrivateField } from "../audit/private-read.entity.js";
import { privateReads } from "../audit/private-reads.js";
import type { MembersLoaders } from "../loaders.js";
import { Society } from "../society/society.entity.js";
import { MemberConnection, searchDirectory, type DirectoryPage } from "./member.directory.js";
import { ConsentChange } from "./consent-change.entity.js";
import { ContactPreferences, DirectoryConsent, Member, NO_CONTACT } from "./member.entity.js";
import { MemberFilter } from "./member.filter.js";
import {
  CreateMemberInput,
  SetDirectoryConsentInput,
  UpdateMemberInput,
  validateMemberChanges,
  type MemberChanges,
} from "./member.input.js";
import { canSeeMember, isHomeSociety } from "./member.visibility.js";
import { Membership, MembershipRole, MembershipStatus } from "./membership.entity.js";

type Context = SubgraphContext<MembersLoaders>;

const CONSENT_HISTORY_SHOWN = 100;

/** A private field's value for the home society (and an audit row saying so); null for everyone else, unaudited. */
function readPrivate<T>(context: Context, member: Member, field: PrivateField, value: () => T): T | null {
  if (!isHomeSociety(context.caller, member)) return null;
  privateReads.record(context, member.id, field);
  return value();
}

const PrivateReadConnection = connectionType("PrivateRead", PrivateRead);

async function auditOf(em: EntityManager, memberId: string, size: number, after: string | null): Promise<Page<PrivateRead>> {
  const where: FilterQuery<PrivateRead> = { memberId };
  if (after) {
    const [readAt, id] = decodeCursor(after, ["instant", "uuid"]);
    where.$or = [{ readAt: { $lt: new Date(readAt!) } }, { readAt: new Date(readAt!), id: { $lt: id! } }];
  }
  const rows = await em.find(PrivateRead, where, { orderBy: { readAt: "desc", id: "desc" }, limit: size + 1 });
  return toPage(rows, size, (row) => [row.readAt.toISOString(), row.id], () => em.count(PrivateRead, { memberId }));
}

@Resolver(() => Member)
export class MemberResolver {
  @Query(() => Member, { description: "One member by id; null when there is none or the caller may not see them.", nullable: true })
  member(@Arg("id", () => ID, { description: "The member's id." }) id: string, @Ctx() { loaders }: Context): Promise<Member | null> {
    return loaders.memberById.load(assertUuid("id", id));
  }

  @Query(() => MemberConnection, { description: "The international directory, ordered by family name." })
  @Directive(PAGED)
  members(
    @Arg("filter", () => MemberFilter, { description: "Narrows the directory; without it, every member the caller may see, ordered by family and given name.", nullable: true }) filter: MemberFilter | null,
    @Arg("first", () => Int, { description: "Page size: 1–100, default 20.", nullable: true }) first: number | null,
    @Arg("after", () => String, { description: "Cursor after which the page starts: a previous page's `pageInfo.endCursor`. Omit for the first page.", nullable: true }) after: string | null,
    @Ctx() { em, caller }: Context,
  ): Promise<DirectoryPage> {
    return searchDirectory(em, caller, filter, pageSize(first), after);
  }

  @FieldResolver(() => Society, { description: "Home society, which owns this record." })
  async society(@Root() member: Member, @Ctx() { loaders }: Context): Promise<Society> {
    const society = await loaders.societyById.load(member.societyId);
    if (!society) throw notFound("Society", member.societyId);
    return society;
  }

  @FieldResolver(() => String, { nullable: true, description: "Private: the member's own society sees it; null for every other caller. Each read is audited." })
  email(@Root() member: Member, @Ctx() context: Context): string | null {
    return readPrivate(context, member, "email", () => member.email);
  }

  @FieldResolver(() => ContactPreferences, { nullable: true, description: "Private: the member's own society sees it; null for every other caller. Each read is audited." })
  contactPreferences(@Root() member: Member, @Ctx() context: Context): ContactPreferences | null {
    return readPrivate(context, member, "contactPreferences", () => member.contactPreferences);
  }

  @FieldResolver(() => DirectoryConsent, { nullable: true, description: "Private: the member's own society sees it; null for every other caller. Each read is audited." })
  directoryConsent(@Root() member: Member, @Ctx() context: Context): DirectoryConsent | null {
    return readPrivate(context, member, "directoryConsent", () => ({ listed: member.listed, research: member.researchConsent, updatedAt: member.consentUpdatedAt }));
  }

  @FieldResolver(() => PrivateReadConnection, { nullable: true, description: "Who read this member's private fields, newest first (the home society only; null for every other caller)." })
  @Directive(PAGED)
  privateReadAudit(
    @Root() member: Member,
    @Arg("first", () => Int, { description: "Page size: 1–100, default 20.", nullable: true }) first: number | null,
    @Arg("after", () => String, { description: "Cursor after which the page starts: a previous page's `pageInfo.endCursor`. Omit for the first page.", nullable: true }) after: string | null,
    @Ctx() { em, caller }: Context,
  ): Promise<Page<PrivateRead>> | null {
    return isHomeSociety(caller, member) ? auditOf(em, member.id, pageSize(first), after) : null;
  }

  @FieldResolver(() => [Membership], { description: "The member's memberships of societies (home society first); only societies' memberships the caller may see." })
  @Directive(assumed(2))
  memberships(@Root() member: Member, @Ctx() { loaders }: Context): Promise<Membership[]> {
    return loaders.membershipsByMember.load(member.id);
  }

  @Mutation(() => Member, { description: "Adds a member to the caller's society." })
  async createMember(
    @Arg("input", () => CreateMemberInput, { description: "The new member; they belong to the caller's society." }) input: CreateMemberInput,
    @Ctx() { em, caller, loaders }: Context,
  ): Promise<Member> {
    const societyId = requireSocietyCaller(caller);
    const changes = validateMemberChanges(input);
    if (!(await loaders.societyById.load(societyId))) throw forbidden("The caller's society is not in the directory");
    const member = em.create(Member, {
      id: crypto.randomUUID(),
      societyId,
      displayName: changes.displayName ?? `${changes.givenName} ${changes.familyName}`,
      givenName: changes.givenName!,
      familyName: changes.familyName!,
      orcid: changes.orcid ?? null,
      country: changes.country!,
      languages: changes.languages!,
      timezone: changes.timezone!,
      careerStage: changes.careerStage!,
      professions: changes.professions!,
      expertise: changes.expertise ?? [],
      affiliations: changes.affiliations ?? [],
      email: changes.email ?? null,
      contactPreferences: changes.contactPreferences ?? NO_CONTACT,
      listed: input.directoryConsent?.listed ?? false,
      researchConsent: input.directoryConsent?.research ?? false,
      consentUpdatedAt: input.directoryConsent ? new Date() : null,
    } as Member);
    if (input.directoryConsent) recordConsent(em, caller, member);
    em.create(Membership, {
      id: crypto.randomUUID(),
      memberId: member.id,
      societyId,
      since: new Date().toISOString().slice(0, 10),
      role: MembershipRole.MEMBER,
      status: MembershipStatus.ACTIVE,
    });
    await flushMember(em, changes);
    return reload(em, member.id);
  }

  @Mutation(() => Member, { description: "Changes a member of the caller's society." })
  async updateMember(
    @Arg("id", () => ID, { description: "The member to change; the caller's society must be their home society." }) id: string,
    @Arg("input", () => UpdateMemberInput, { description: "Fields to change; omitted fields keep their value." }) input: UpdateMemberInput,
    @Ctx() { em, caller }: Context,
  ): Promise<Member> {
    const member = await ownMember(em, caller, id);
    const changes = validateMemberChanges(input);
    em.assign(member, changes as Partial<Member>);
    await flushMember(em, changes);
    return reload(em, member.id);
  }

  @Mutation(() => Member, { description: "Records a member's consent as the member gave it to their society; it takes effect on the next request." })
  async setDirectoryConsent(
    @Arg("memberId", () => ID, { description: "The member whose consent this is; the caller's society must be their home society." }) memberId: string,
    @Arg("input", () => SetDirectoryConsentInput, { description: "What the member agrees to now; it applies from the next request." }) input: SetDirectoryConsentInput,
    @Ctx() { em, caller }: Context,
  ): Promise<Member> {
    const member = await ownMember(em, caller, memberId, "memberId");
    em.assign(member, { listed: input.listed, researchConsent: input.research, consentUpdatedAt: new Date() });
    recordConsent(em, caller, member);
    await em.flush();
    return member;
  }

  @FieldResolver(() => [ConsentChange], { nullable: true, description: `How the member's consent changed, newest first (the last ${CONSENT_HISTORY_SHOWN}; the home society only, null for every other caller). Each read is audited.` })
  consentHistory(@Root() member: Member, @Ctx() context: Context): Promise<ConsentChange[]> | null {
    return readPrivate(context, member, "consentHistory", () =>
      context.em.find(ConsentChange, { memberId: member.id }, { orderBy: { changedAt: "desc", id: "desc" }, limit: CONSENT_HISTORY_SHOWN }),
    );
  }
}

/** Consent changes keep their history: who recorded which consent, when (in the same flush as the change). */
function recordConsent(em: Context["em"], caller: Context["caller"], member: Member): void {
  em.create(ConsentChange, { id: crypto.randomUUID(), memberId: member.id, listed: member.listed, research: member.researchConsent, keyId: caller.keyId, societyId: caller.societyId, changedAt: member.consentUpdatedAt ?? new Date() });
}

/**
 * Loads a member for a write by the caller's society: NOT_FOUND when the caller may not even see it (so a
 * write cannot probe for unlisted members), FORBIDDEN when another society owns it.
 */
async function ownMember(em: Context["em"], caller: Context["caller"], id: string, field = "id"): Promise<Member> {
  requireSocietyCaller(caller);
  const member = await em.findOne(Member, { id: assertUuid(field, id) });
  if (!member || !canSeeMember(caller, member)) throw notFound("Member", id);
  requireOwner(caller, member.societyId, "member");
  return member;
}

/** Writes pending changes; an ORCID already in the directory is a CONFLICT, not an internal error. */
async function flushMember(em: Context["em"], changes: MemberChanges): Promise<void> {
  try {
    await em.flush();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException && changes.orcid) {
      throw conflict(`Another member already has ORCID iD ${changes.orcid}`, { field: "orcid" });
    }
    throw error;
  }
}

/** Re-reads a member so database-generated columns (the sort key) are current. */
async function reload(em: Context["em"], id: string): Promise<Member> {
  return em.fork().findOneOrFail(Member, { id });
}
