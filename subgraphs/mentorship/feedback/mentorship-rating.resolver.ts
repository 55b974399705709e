import { Arg, Ctx, Directive, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { requireSocietyCaller } from "../../../lib/authz.js";
import { cost, WEIGHTS } from "../../../lib/demand-control.js";
import { conflictOnDuplicate } from "../../../lib/database.js";
import { assertUuid, badUserInput, forbidden, notFound } from "../../../lib/errors.js";
import { FeedbackDimension, FeedbackStats, FeedbackSummary, feedbackStats, raterFacts, validateRating } from "../../../lib/feedback.js";
import { requireHomeSociety } from "../../../lib/member-access.js";
import { cellKeySql } from "../../../lib/stats.js";
import type { SubgraphContext } from "../../../lib/subgraph.js";
import type { MentorshipLoaders } from "../loaders.js";
import { MentoringFormat, MentoringProgram } from "../program/mentoring-program.entity.js";
import { MentorshipStatus } from "../relation/mentorship-relation.entity.js";
import { MentorshipRating, RateMentorshipInput } from "./mentorship-rating.entity.js";

type Context = SubgraphContext<MentorshipLoaders>;

/** A relation that has run (accepted at some point) can be rated; a proposal or a declined one cannot. */
const RATEABLE = new Set([MentorshipStatus.ACTIVE, MentorshipStatus.COMPLETED, MentorshipStatus.ENDED]);

@Resolver(() => MentorshipRating)
export class MentorshipRatingResolver {
  @Mutation(() => MentorshipRating, {
    description:
      "The member's home society rates a mentoring relation the member is the mentor or mentee of, once it has started: 1–5 and an optional comment, once per member (a second rating is CONFLICT and changes nothing). The rater's country and career stage are recorded from the directory.",
  })
  async rateMentorship(
    @Arg("relationId", () => ID, { description: "A relation the member is in, ACTIVE or ended." }) relationId: string,
    @Arg("memberId", () => ID, { description: "The rating member; the caller's society must be their home society." }) memberId: string,
    @Arg("input", () => RateMentorshipInput, { description: "The score and comment." }) input: RateMentorshipInput,
    @Ctx() context: Context,
  ): Promise<MentorshipRating> {
    requireSocietyCaller(context.caller);
    assertUuid("relationId", relationId);
    assertUuid("memberId", memberId);
    const rating = validateRating(input);
    await requireHomeSociety(context, memberId, "memberId");
    const relation = await context.loaders.relationById.load(relationId);
    if (!relation) throw notFound("Mentorship", relationId);
    if (relation.mentorId !== memberId && relation.menteeId !== memberId) throw forbidden("Only the relation's mentor or mentee may rate it");
    if (!RATEABLE.has(relation.status)) throw badUserInput([{ field: "relationId", message: `a ${relation.status} relation cannot be rated` }]);
    const program = relation.programId ? await context.loaders.programById.load(relation.programId) : null;
    const rater = await raterFacts(context.memberProfile, memberId);
    const row = context.em.create(MentorshipRating, {
      id: crypto.randomUUID(), relationId, memberId, programId: relation.programId, ...rating, format: program?.format ?? MentoringFormat.ONE_TO_ONE, ...rater, createdAt: new Date(),
    });
    await conflictOnDuplicate(() => context.em.flush(), "The member has already rated this mentorship", "memberId");
    return row;
  }

  @Query(() => FeedbackStats, { description: "Researchers: ratings of mentoring relations by members who consented to research statistics when they rated, by programme format, rater's country and/or career stage, rounded by cell key random rounding to base 5." })
  @Directive(cost(WEIGHTS.statistics))
  mentorshipFeedbackStats(
    @Arg("groupBy", () => [FeedbackDimension], { description: "Dimensions to count by, at least one." }) groupBy: FeedbackDimension[],
    @Ctx() { em, caller }: Context,
  ): Promise<FeedbackStats> {
    return feedbackStats(em, caller, groupBy,
      `select format, country, career_stage as "careerStage", score, count(*)::int as count, ${cellKeySql("id")} as key
         from mentorship_rating where research_consent group by format, country, career_stage, score`);
  }
}

@Resolver(() => MentoringProgram)
export class ProgramFeedbackResolver {
  @FieldResolver(() => FeedbackSummary, { nullable: true, description: "Ratings of the programme's relations, exactly; null for anyone but the programme's society." })
  async feedback(@Root() program: MentoringProgram, @Ctx() { loaders, caller }: Context): Promise<FeedbackSummary | null> {
    if (caller.role !== "society" || caller.societyId !== program.societyId) return null;
    return loaders.feedbackByProgram.load(program.id);
  }
}
