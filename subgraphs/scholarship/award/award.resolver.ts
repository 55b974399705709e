import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, Resolver, Root } from "type-graphql";
import { requireSocietyCaller } from "../../../lib/authz.js";
import { assertUuid, InputProblems } from "../../../lib/errors.js";
import { HIDDEN_MEMBER } from "../../../lib/external.js";
import { requireVisibleMember } from "../../../lib/member-access.js";
import type { SubgraphContext } from "../../../lib/subgraph.js";
import type { ScholarshipLoaders } from "../loaders.js";
import { ScholarlyMember } from "../member/member.type.js";
import { ScholarlySociety } from "../society/society.type.js";
import { Award } from "./award.entity.js";

@InputType({ description: "A prize the caller's society awarded to a member." })
export class AddAwardInput {
  @Field(() => String, { description: "Name of the award." })
  name!: string;

  @Field(() => Int, { description: "Year awarded." })
  year!: number;

  @Field(() => ID, { description: "The winner's id: a member the caller may see." })
  member!: string;
}

const FIRST_YEAR = 1900;

@Resolver(() => Award)
export class AwardResolver {
  @FieldResolver(() => ScholarlyMember, { nullable: true, description: HIDDEN_MEMBER })
  member(@Root() award: Award): ScholarlyMember {
    return { id: award.memberId };
  }

  @FieldResolver(() => ScholarlySociety, { description: "The awarding society." })
  society(@Root() award: Award): ScholarlySociety {
    return { id: award.societyId };
  }

  @Mutation(() => Award, { description: "Records a prize to a member the caller may see; the awarding society is the caller's." })
  async addAward(@Arg("input", () => AddAwardInput, { description: "The award; recorded for the caller's society." }) input: AddAwardInput, @Ctx() context: SubgraphContext<ScholarshipLoaders>): Promise<Award> {
    const { em } = context;
    const societyId = requireSocietyCaller(context.caller);
    const problems = new InputProblems();
    const name = input.name.trim();
    if (name.length === 0 || name.length > 255) problems.add("name", "must have between 1 and 255 characters");
    const lastYear = new Date().getUTCFullYear() + 1;
    if (!Number.isInteger(input.year) || input.year < FIRST_YEAR || input.year > lastYear) problems.add("year", `must be between ${FIRST_YEAR} and ${lastYear}`);
    problems.throwIfAny();
    const memberId = assertUuid("member", input.member);
    await requireVisibleMember(context, memberId, "member");
    const award = em.create(Award, { id: crypto.randomUUID(), name, year: input.year, memberId, societyId });
    await em.flush();
    return award;
  }
}
