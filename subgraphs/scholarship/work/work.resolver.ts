import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import { assertUuid } from "../../../lib/errors.js";
import { SocietyReference } from "../../../lib/external.js";
import { connectionType, pageSize, type Page } from "../../../lib/pagination.js";
import type { SubgraphContext } from "../../../lib/subgraph.js";
import type { ScholarshipLoaders } from "../loaders.js";
import { Contribution } from "./contribution.entity.js";
import { Work } from "./work.entity.js";
import { WorkFilter } from "./work.filter.js";
import { searchWorks } from "./work.search.js";

type Context = SubgraphContext<ScholarshipLoaders>;

export const WorkConnection = connectionType("Work", Work);

@Resolver(() => Work)
export class WorkResolver {
  @Query(() => Work, { nullable: true })
  work(@Arg("id", () => ID) id: string, @Ctx() { loaders }: Context): Promise<Work | null> {
    return loaders.workById.load(assertUuid("id", id));
  }

  @Query(() => WorkConnection, { description: "Papers, abstracts and resources across the network, newest first." })
  works(
    @Arg("filter", () => WorkFilter, { nullable: true }) filter: WorkFilter | null,
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Ctx() { em }: Context,
  ): Promise<Page<Work>> {
    return searchWorks(em, filter, pageSize(first), after);
  }

  @FieldResolver(() => [Contribution], { description: "Contributors in author order." })
  contributions(@Root() work: Work, @Ctx() { loaders }: Context): Promise<Contribution[]> {
    return loaders.contributionsByWork.load(work.id);
  }

  @FieldResolver(() => SocietyReference, { description: "The society that recorded the work." })
  society(@Root() work: Work): SocietyReference {
    return { id: work.societyId };
  }
}
