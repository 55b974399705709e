import { LockMode } from "@mikro-orm/core";
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { requireSocietyCaller } from "../../../lib/authz.js";
import { conflictOnDuplicate } from "../../../lib/database.js";
import { assertUuid, badUserInput, conflict, forbidden, notFound } from "../../../lib/errors.js";
import { HIDDEN_MEMBER } from "../../../lib/external.js";
import { isCallersMember, memberAccess, requireHomeSociety, requireVisibleMember } from "../../../lib/member-access.js";
import { recordChanges, type Change } from "../../../lib/outbox.js";
import type { SubgraphContext } from "../../../lib/subgraph.js";
import type { MentorshipLoaders } from "../loaders.js";
import { MentoringMember } from "../member/member.type.js";
import { MentoringProgram } from "../program/mentoring-program.entity.js";
import { MentorProfile } from "../profile/mentor-profile.entity.js";
import { MentorshipRelation, MentorshipStatus } from "./mentorship-relation.entity.js";
import { ProposeMentorshipInput, validateProposal } from "./mentorship-relation.input.js";
import { assertTransition } from "./mentorship-relation.transitions.js";
import { isPartyToRelation, seesRelation } from "./mentorship-relation.visibility.js";

type Context = SubgraphContext<MentorshipLoaders>;

@Resolver(() => MentorshipRelation)
export class MentorshipRelationResolver {
  @Query(() => MentorshipRelation, { nullable: true, description: "One mentoring relation; null when the caller may not see it (or for an unknown id)." })
  async mentorshipRelation(@Arg("id", () => ID, { description: "The relation's id." }) id: string, @Ctx() context: Context): Promise<MentorshipRelation | null> {
    assertUuid("id", id);
    const relation = await context.loaders.relationById.load(id);
    return relation && (await seesRelation(context, relation)) ? relation : null;
  }

  @FieldResolver(() => MentoringMember, { nullable: true, description: HIDDEN_MEMBER })
  async mentor(@Root() relation: MentorshipRelation, @Ctx() context: Context): Promise<MentoringMember | null> {
    return (await seesRelation(context, relation)) ? { id: relation.mentorId } : null;
  }

  @FieldResolver(() => MentoringMember, { nullable: true, description: HIDDEN_MEMBER })
  async mentee(@Root() relation: MentorshipRelation, @Ctx() context: Context): Promise<MentoringMember | null> {
    return (await seesRelation(context, relation)) ? { id: relation.menteeId } : null;
  }

  @FieldResolver(() => String, { nullable: true, description: "What the mentee hopes to achieve; only the mentor's and the mentee's societies see it." })
  async goals(@Root() relation: MentorshipRelation, @Ctx() context: Context): Promise<string | null> {
    return (await isPartyToRelation(context, relation)) ? relation.goals : null;
  }

  @FieldResolver(() => MentoringProgram, { description: "The programme the pair belongs to.", nullable: true })
  program(@Root() relation: MentorshipRelation, @Ctx() { loaders }: SubgraphContext<MentorshipLoaders>): Promise<MentoringProgram | null> | null {
    return relation.programId ? loaders.programById.load(relation.programId) : null;
  }

  @Mutation(() => MentorshipRelation, {
    description: "The mentee's home society proposes a mentor it may see to its member, in an open programme; the mentor's society answers.",
  })
  async proposeMentorship(@Arg("input", () => ProposeMentorshipInput, { description: "Who would mentor whom, in which programme." }) input: ProposeMentorshipInput, @Ctx() context: Context): Promise<MentorshipRelation> {
    const { em } = context;
    requireSocietyCaller(context.caller);
    const proposal = validateProposal(input);
    const societyId = await requireHomeSociety(context, proposal.menteeId, "menteeId");
    const mentor = await requireVisibleMember(context, proposal.mentorId, "mentorId");
    const program = await em.findOne(MentoringProgram, { id: proposal.programId });
    if (!program) throw notFound("Mentoring programme", proposal.programId);
    if (!program.open) throw badUserInput([{ field: "programId", message: "the programme is closed to new pairs" }]);
    const profile = await em.findOne(MentorProfile, { memberId: proposal.mentorId });
    if (!profile) throw badUserInput([{ field: "mentorId", message: "this member has no mentor profile" }]);
    if (!profile.acceptingMentees) throw conflict("The mentor is not accepting mentees", { field: "mentorId" });
    if (profile.activeMentees >= profile.capacity) throw noFreePlaces(profile, "mentorId");
    const relation = em.create(MentorshipRelation, {
      id: crypto.randomUUID(),
      ...proposal,
      status: MentorshipStatus.PROPOSED,
      startedAt: null,
      endedAt: null,
      proposedBySocietyId: societyId,
      createdAt: new Date(),
    });
    await conflictOnDuplicate(
      () =>
        em.transactional(async (tx) => {
          await tx.flush();
          await recordChanges(tx, [relationChange(relation, [societyId, mentor.homeSocietyId])]);
        }),
      "This mentor and mentee already have a proposed or active mentorship",
      "menteeId",
    );
    return relation;
  }

  @Mutation(() => MentorshipRelation, {
    description: "The mentor's society accepts (ACTIVE) or declines a proposal. Accepting takes one of the mentor's free places; with none left it fails with CONFLICT and changes nothing.",
  })
  respondToMentorship(@Arg("id", () => ID, { description: "The PROPOSED relation; the mentor's home society answers it." }) id: string, @Arg("accept", () => Boolean, { description: "True to accept (the relation becomes ACTIVE, taking a free place), false to decline." }) accept: boolean, @Ctx() context: Context): Promise<MentorshipRelation> {
    return changeStatus(context, id, accept ? MentorshipStatus.ACTIVE : MentorshipStatus.DECLINED, "mentor");
  }

  @Mutation(() => MentorshipRelation, {
    description: "Ends a mentorship: an active one as COMPLETED (`completed: true`) or ENDED, a proposal as withdrawn (ENDED). Either side's society may do it.",
  })
  endMentorship(
    @Arg("id", () => ID, { description: "The ACTIVE relation; either party's home society may end it." }) id: string,
    @Arg("completed", () => Boolean, { description: "True when the goals were met (COMPLETED), false when it ended early (ENDED).", nullable: true, defaultValue: false }) completed: boolean,
    @Ctx() context: Context,
  ): Promise<MentorshipRelation> {
    return changeStatus(context, id, completed ? MentorshipStatus.COMPLETED : MentorshipStatus.ENDED, "either");
  }
}

/**
 * One status change in one transaction. The relation row, then the mentor's profile row, are locked
 * (always in that order, so concurrent changes queue instead of deadlocking); the profile's active
 * count moves with the status, so twenty simultaneous accepts fill exactly the free places. Which side the
 * caller's society is on comes from the members' home societies, looked up before any lock is taken.
 */
async function changeStatus(context: Context, id: string, to: MentorshipStatus, who: "mentor" | "either"): Promise<MentorshipRelation> {
  requireSocietyCaller(context.caller);
  assertUuid("id", id);
  const pair = await context.loaders.relationById.load(id);
  if (!pair) throw notFound("Mentorship", id);
  const [mentor, mentee] = await memberAccess([pair.mentorId, pair.menteeId], context);
  if (!(isCallersMember(context, mentor!) || (who === "either" && isCallersMember(context, mentee!)))) {
    throw forbidden(who === "mentor" ? "Only the mentor's society may answer a proposal" : "Only the mentor's or the mentee's society may end this mentorship");
  }
  return context.em.transactional(async (tx) => {
    const relation = await tx.findOneOrFail(MentorshipRelation, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    const profile = await tx.findOne(MentorProfile, { memberId: relation.mentorId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    assertTransition(relation.status, to);
    const now = new Date();
    if (to === MentorshipStatus.ACTIVE) {
      if (!profile || profile.activeMentees >= profile.capacity) throw noFreePlaces(profile, "id");
      profile.activeMentees++;
      relation.startedAt = now;
    } else if (relation.status === MentorshipStatus.ACTIVE && profile) {
      profile.activeMentees = Math.max(0, profile.activeMentees - 1);
    }
    if (to !== MentorshipStatus.ACTIVE) relation.endedAt = now;
    relation.status = to;
    await tx.flush();
    await recordChanges(tx, [relationChange(relation, [mentor!.homeSocietyId, mentee!.homeSocietyId])]);
    return relation;
  });
}

function noFreePlaces(profile: MentorProfile | null, field: string) {
  return conflict(`The mentor has no free places (${profile?.activeMentees ?? 0} of ${profile?.capacity ?? 0} taken)`, { field });
}

/** A relation's new status, told to the mentor's and the mentee's home societies: ids and the status only. */
function relationChange(relation: MentorshipRelation, societyIds: (string | null)[]): Change {
  return {
    topic: "mentorship.changed",
    entityId: relation.id,
    memberIds: [relation.mentorId, relation.menteeId],
    societyIds: [...new Set(societyIds.filter((id): id is string => id !== null))],
    data: { relationId: relation.id, mentorId: relation.mentorId, menteeId: relation.menteeId, status: relation.status },
  };
}
