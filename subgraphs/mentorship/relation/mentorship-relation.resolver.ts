import { LockMode, UniqueConstraintViolationException } from "@mikro-orm/core";
import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import { requireSocietyCaller } from "../../../lib/authz.js";
import { assertUuid, badUserInput, conflict, forbidden, notFound } from "../../../lib/errors.js";
import { HIDDEN_MEMBER } from "../../../lib/external.js";
import type { SubgraphContext } from "../../../lib/subgraph.js";
import type { MentorshipLoaders } from "../loaders.js";
import { MentoringMember } from "../member/member.type.js";
import { MentoringProgram } from "../program/mentoring-program.entity.js";
import { MentorProfile } from "../profile/mentor-profile.entity.js";
import { MentorshipRelation, MentorshipStatus } from "./mentorship-relation.entity.js";
import { ProposeMentorshipInput, validateProposal } from "./mentorship-relation.input.js";
import { assertTransition } from "./mentorship-relation.transitions.js";

type Context = SubgraphContext<MentorshipLoaders>;

@Resolver(() => MentorshipRelation)
export class MentorshipRelationResolver {
  @FieldResolver(() => MentoringMember, { nullable: true, description: HIDDEN_MEMBER })
  mentor(@Root() relation: MentorshipRelation): MentoringMember {
    return { id: relation.mentorId };
  }

  @FieldResolver(() => MentoringMember, { nullable: true, description: HIDDEN_MEMBER })
  mentee(@Root() relation: MentorshipRelation): MentoringMember {
    return { id: relation.menteeId };
  }

  @FieldResolver(() => MentoringProgram, { nullable: true })
  program(@Root() relation: MentorshipRelation, @Ctx() { loaders }: SubgraphContext<MentorshipLoaders>): Promise<MentoringProgram | null> | null {
    return relation.programId ? loaders.programById.load(relation.programId) : null;
  }

  @Mutation(() => MentorshipRelation, { description: "Proposes a mentor to a mentee in an open programme; the mentor's society answers." })
  async proposeMentorship(@Arg("input", () => ProposeMentorshipInput) input: ProposeMentorshipInput, @Ctx() { em, caller }: Context): Promise<MentorshipRelation> {
    const societyId = requireSocietyCaller(caller);
    const proposal = validateProposal(input);
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
    try {
      await em.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw conflict("This mentor and mentee already have a proposed or active mentorship", { field: "menteeId" });
      throw error;
    }
    return relation;
  }

  @Mutation(() => MentorshipRelation, {
    description: "The mentor's society accepts (ACTIVE) or declines a proposal. Accepting takes one of the mentor's free places; with none left it fails with CONFLICT and changes nothing.",
  })
  respondToMentorship(@Arg("id", () => ID) id: string, @Arg("accept", () => Boolean) accept: boolean, @Ctx() { em, caller }: Context): Promise<MentorshipRelation> {
    return changeStatus(em, caller, id, accept ? MentorshipStatus.ACTIVE : MentorshipStatus.DECLINED, "mentor");
  }

  @Mutation(() => MentorshipRelation, {
    description: "Ends a mentorship: an active one as COMPLETED (`completed: true`) or ENDED, a proposal as withdrawn (ENDED). Either side's society may do it.",
  })
  endMentorship(
    @Arg("id", () => ID) id: string,
    @Arg("completed", () => Boolean, { nullable: true, defaultValue: false }) completed: boolean,
    @Ctx() { em, caller }: Context,
  ): Promise<MentorshipRelation> {
    return changeStatus(em, caller, id, completed ? MentorshipStatus.COMPLETED : MentorshipStatus.ENDED, "either");
  }
}

/**
 * One status change in one transaction. The relation row, then the mentor's profile row, are locked
 * (always in that order, so concurrent changes queue instead of deadlocking); the profile's active
 * count moves with the status, so twenty simultaneous accepts fill exactly the free places.
 */
async function changeStatus(em: Context["em"], caller: Context["caller"], id: string, to: MentorshipStatus, who: "mentor" | "either"): Promise<MentorshipRelation> {
  const societyId = requireSocietyCaller(caller);
  assertUuid("id", id);
  return em.transactional(async (tx) => {
    const relation = await tx.findOne(MentorshipRelation, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!relation) throw notFound("Mentorship", id);
    const profile = await tx.findOne(MentorProfile, { memberId: relation.mentorId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const mentorSide = profile?.societyId === societyId;
    const menteeSide = relation.proposedBySocietyId === societyId;
    if (!(mentorSide || (who === "either" && menteeSide))) {
      throw forbidden(who === "mentor" ? "Only the mentor's society may answer a proposal" : "Only the mentor's or the mentee's society may end this mentorship");
    }
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
    return relation;
  });
}

function noFreePlaces(profile: MentorProfile | null, field: string) {
  return conflict(`The mentor has no free places (${profile?.activeMentees ?? 0} of ${profile?.capacity ?? 0} taken)`, { field });
}
