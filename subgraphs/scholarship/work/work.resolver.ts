import { UniqueConstraintViolationException } from "@mikro-orm/core";
import { Arg, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { requireSocietyCaller } from "../../../lib/authz.js";
import { assertUuid, conflict } from "../../../lib/errors.js";
import { assumed } from "../../../lib/demand-control.js";
import { connectionType, PAGED, pageSize, type Page } from "../../../lib/pagination.js";
import type { SubgraphContext } from "../../../lib/subgraph.js";
import type { ScholarshipLoaders } from "../loaders.js";
import { Contribution } from "./contribution.entity.js";
import { Work } from "./work.entity.js";
import { AddWorkInput, validateWork } from "./work.input.js";
import { WorkFilter } from "./work.filter.js";
import { searchWorks } from "./work.search.js";
import { ScholarlySociety } from "../society/society.type.js";

type Context = SubgraphContext<ScholarshipLoaders>;

export const WorkConnection = connectionType("Work", Work);

@Resolver(() => Work)
export class WorkResolver {
  @Query(() => Work, { nullable: true })
  work(@Arg("id", () => ID) id: string, @Ctx() { loaders }: Context): Promise<Work | null> {
    return loaders.workById.load(assertUuid("id", id));
  }

  @Query(() => WorkConnection, { description: "Papers, abstracts and resources across the network, newest first." })
  @Directive(PAGED)
  works(
    @Arg("filter", () => WorkFilter, { nullable: true }) filter: WorkFilter | null,
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Ctx() { em }: Context,
  ): Promise<Page<Work>> {
    return searchWorks(em, filter, pageSize(first), after);
  }

  @FieldResolver(() => [Contribution], { description: "Contributors in author order." })
  @Directive(assumed(5))
  contributions(@Root() work: Work, @Ctx() { loaders }: Context): Promise<Contribution[]> {
    return loaders.contributionsByWork.load(work.id);
  }

  @FieldResolver(() => ScholarlySociety, { description: "The society that recorded the work." })
  society(@Root() work: Work): ScholarlySociety {
    return { id: work.societyId };
  }

  @Mutation(() => Work, { description: "Records a work for the caller's society. A DOI already in the network is a CONFLICT naming the existing work." })
  async addWork(@Arg("input", () => AddWorkInput) input: AddWorkInput, @Ctx() { em, caller }: Context): Promise<Work> {
    const societyId = requireSocietyCaller(caller);
    const { contributions, ...fields } = validateWork(input);
    const existing = fields.doi ? await em.findOne(Work, { doi: fields.doi }) : null;
    if (existing) throw duplicateDoi(existing);
    const work = em.create(Work, { id: crypto.randomUUID(), societyId, ...fields });
    for (const contribution of contributions) em.create(Contribution, { id: crypto.randomUUID(), workId: work.id, ...contribution });
    try {
      await em.flush();
    } catch (error) {
      // Another request recorded the same DOI in between: name its work too.
      if (error instanceof UniqueConstraintViolationException && fields.doi) {
        const winner = await em.fork().findOne(Work, { doi: fields.doi });
        if (winner) throw duplicateDoi(winner);
      }
      throw error;
    }
    return work;
  }
}

function duplicateDoi(existing: Work) {
  return conflict(`A work with DOI ${existing.doi} is already recorded: "${existing.title}" (${existing.id})`, { field: "doi", existingWorkId: existing.id });
}
