import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { UNAVAILABLE } from "../../../lib/external.js";
import type { SubgraphContext } from "../../../lib/subgraph.js";
import type { MentorshipLoaders } from "../loaders.js";
import { MentorProfile } from "../profile/mentor-profile.entity.js";
import { MentorshipRelation } from "../relation/mentorship-relation.entity.js";
import { MentoringMember } from "./member.type.js";

type Context = SubgraphContext<MentorshipLoaders>;

@Resolver(() => MentoringMember)
export class MentoringMemberResolver {
  @FieldResolver(() => MentorProfile, { nullable: true, description: "Null when the member does not mentor." })
  mentorProfile(@Root() member: MentoringMember, @Ctx() { loaders }: Context): Promise<MentorProfile | null> {
    return loaders.profileByMember.load(member.id);
  }

  @FieldResolver(() => [MentorshipRelation], { nullable: true, description: `Relations in which this member is the mentee, newest first. ${UNAVAILABLE}` })
  mentors(@Root() member: MentoringMember, @Ctx() { loaders }: Context): Promise<MentorshipRelation[]> {
    return loaders.relationsAsMentee.load(member.id);
  }

  @FieldResolver(() => [MentorshipRelation], { nullable: true, description: `Relations in which this member is the mentor, newest first. ${UNAVAILABLE}` })
  mentees(@Root() member: MentoringMember, @Ctx() { loaders }: Context): Promise<MentorshipRelation[]> {
    return loaders.relationsAsMentor.load(member.id);
  }
}
