import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { SocietyReference } from "../../../lib/external.js";
import type { SubgraphContext } from "../../../lib/subgraph.js";
import type { ScholarshipLoaders } from "../loaders.js";
import { Opportunity } from "./opportunity.entity.js";

@Resolver(() => Opportunity)
export class OpportunityResolver {
  @Query(() => [Opportunity], { description: "Calls, grants and fellowships, soonest deadline first; open: true hides past deadlines." })
  opportunities(
    @Arg("open", () => Boolean, { nullable: true }) open: boolean | null,
    @Ctx() { em }: SubgraphContext<ScholarshipLoaders>,
  ): Promise<Opportunity[]> {
    const now = new Date();
    const deadline = open === true ? { $gte: now } : open === false ? { $lt: now } : undefined;
    return em.find(Opportunity, deadline ? { deadline } : {}, { orderBy: { deadline: "asc", id: "asc" } });
  }

  @FieldResolver(() => SocietyReference)
  society(@Root() opportunity: Opportunity): SocietyReference {
    return { id: opportunity.societyId };
  }
}
