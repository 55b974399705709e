import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { assertUuid } from "../../../lib/errors.js";
import { SocietyReference } from "../../../lib/external.js";
import type { SubgraphContext } from "../../../lib/subgraph.js";
import type { MentorshipLoaders } from "../loaders.js";
import { MentoringProgram } from "./mentoring-program.entity.js";

type Context = SubgraphContext<MentorshipLoaders>;

@Resolver(() => MentoringProgram)
export class MentoringProgramResolver {
  @Query(() => [MentoringProgram], { description: "Mentoring programmes, optionally of one society or only open ones." })
  mentoringPrograms(
    @Arg("society", () => ID, { nullable: true }) society: string | null,
    @Arg("open", () => Boolean, { nullable: true }) open: boolean | null,
    @Ctx() { em }: Context,
  ): Promise<MentoringProgram[]> {
    return em.find(
      MentoringProgram,
      {
        ...(society ? { societyId: assertUuid("society", society) } : {}),
        ...(open === null || open === undefined ? {} : { open }),
      },
      { orderBy: { name: "asc", id: "asc" } },
    );
  }

  @Query(() => MentoringProgram, { nullable: true })
  mentoringProgram(@Arg("id", () => ID) id: string, @Ctx() { loaders }: Context): Promise<MentoringProgram | null> {
    return loaders.programById.load(assertUuid("id", id));
  }

  @FieldResolver(() => SocietyReference, { description: "The society that runs the programme." })
  society(@Root() program: MentoringProgram): SocietyReference {
    return { id: program.societyId };
  }
}
