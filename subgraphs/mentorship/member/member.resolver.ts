import { Args, Ctx, Directive, FieldResolver, Resolver, Root } from "type-graphql";
import { assumed, sliced } from "../../../lib/demand-control.js";
import { DEFAULT_MATCHES, MAX_MATCHES, MentorMatchArgs } from "../match/match.args.js";
import { assertUuid, badUserInput, notFound } from "../../../lib/errors.js";
import { UNAVAILABLE } from "../../../lib/external.js";
import { firstVisible, isVisibleMember, whenVisible } from "../../../lib/member-access.js";
import type { SubgraphContext } from "../../../lib/subgraph.js";
import type { MentorshipLoaders } from "../loaders.js";
import { rankMentors } from "../match/match.score.js";
import { findCandidates } from "../match/match.query.js";
import { MatchFactorName, MentorMatch } from "../match/match.type.js";
import { MentorProfile } from "../profile/mentor-profile.entity.js";
import { MentorshipRelation } from "../relation/mentorship-relation.entity.js";
import { visibleRelations } from "../relation/mentorship-relation.visibility.js";
import { MentoringMember } from "./member.type.js";

type Context = SubgraphContext<MentorshipLoaders>;


@Resolver(() => MentoringMember)
export class MentoringMemberResolver {
  @FieldResolver(() => MentorProfile, { nullable: true, description: "Null when the member does not mentor." })
  mentorProfile(@Root() member: MentoringMember, @Ctx() context: Context): Promise<MentorProfile | null> {
    return whenVisible(context, member.id, () => context.loaders.profileByMember.load(member.id));
  }

  @FieldResolver(() => [MentorshipRelation], { nullable: true, description: `Relations in which this member is the mentee, newest first; only those whose mentor the caller may see, unless the caller's society is a party. ${UNAVAILABLE}` })
  @Directive(assumed(3))
  mentors(@Root() member: MentoringMember, @Ctx() context: Context): Promise<MentorshipRelation[] | null> {
    return whenVisible(context, member.id, async () => visibleRelations(context, await context.loaders.relationsAsMentee.load(member.id)));
  }

  @FieldResolver(() => [MentorshipRelation], { nullable: true, description: `Relations in which this member is the mentor, newest first; only those whose mentee the caller may see, unless the caller's society is a party. ${UNAVAILABLE}` })
  @Directive(assumed(3))
  mentees(@Root() member: MentoringMember, @Ctx() context: Context): Promise<MentorshipRelation[] | null> {
    return whenVisible(context, member.id, async () => visibleRelations(context, await context.loaders.relationsAsMentor.load(member.id)));
  }

  @FieldResolver(() => [MentorMatch], {
    nullable: true,
    description: `Mentors across all societies for this member as mentee in a programme, best first, each score explained. Only mentors the caller may see are offered; full or non-accepting mentors, the member themself and mentors already paired with them are left out; outside PEER programmes a mentor is further along in their career. ${UNAVAILABLE}`,
  })
  @Directive('@requires(fields: "country timezone careerStage languages expertise society { id }")')
  @Directive(sliced(DEFAULT_MATCHES))
  async mentorMatches(
    @Root() member: MentoringMember,
    @Args(() => MentorMatchArgs) { programId, first }: MentorMatchArgs,
    @Ctx() context: Context,
  ): Promise<MentorMatch[] | null> {
    const size = first ?? DEFAULT_MATCHES;
    if (!Number.isInteger(size) || size < 1 || size > MAX_MATCHES) throw badUserInput([{ field: "first", message: `must be between 1 and ${MAX_MATCHES}` }]);
    if (!(await isVisibleMember(context, member.id))) return null;
    const mentee = {
      id: member.id,
      societyId: member.society!.id,
      country: member.country!,
      timezone: member.timezone!,
      careerStage: member.careerStage!,
      languages: member.languages ?? [],
      interests: member.expertise ?? [],
    };
    assertUuid("programId", programId);
    const found = await findCandidates(context.em, mentee, programId);
    if (!found) throw notFound("Mentoring programme", programId);
    if (!found.program.open) throw badUserInput([{ field: "programId", message: "the programme is closed to new pairs" }]);
    // A mentor the caller may not see is neither offered nor explained. A score depends on its mentor alone, so
    // ranking every candidate and then asking about access in rank order offers exactly the mentors that ranking
    // only the visible ones would, and asks about a few ids instead of all 200.
    const ranked = rankMentors(mentee, found.mentors.map((mentor) => ({ mentor, alreadyPaired: false })), found.program, found.mentors.length, new Date());
    const offered = await firstVisible(context, ranked, (match) => match.mentor.memberId, size);
    return offered.map((match) => ({
      mentor: { id: match.mentor.memberId },
      score: match.score,
      breakdown: match.breakdown.map((factor) => ({ ...factor, factor: MatchFactorName[factor.factor] })),
    }));
  }
}
