import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { HIDDEN_MEMBER } from "../../../lib/external.js";
import type { SubgraphContext } from "../../../lib/subgraph.js";
import type { MentorshipLoaders } from "../loaders.js";
import { MentoringMember } from "../member/member.type.js";
import { MentoringProgram } from "../program/mentoring-program.entity.js";
import { MentorshipRelation } from "./mentorship-relation.entity.js";

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
}
