import { UniqueConstraintViolationException } from "@mikro-orm/core";
import { Arg, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { requireSocietyCaller } from "../../../lib/authz.js";
import { assertUuid, conflict } from "../../../lib/errors.js";
import { assumed } from "../../../lib/demand-control.js";
import { isVisibleMember, requireCommunityOfCaller, requireVisibleMember, withVisibleMembers } from "../../../lib/member-access.js";
import { connectionType, PAGED, pageSize, toPage, type Page } from "../../../lib/pagination.js";
import type { SubgraphContext } from "../../../lib/subgraph.js";
import type { ScholarshipLoaders } from "../loaders.js";
import { Contribution } from "./contribution.entity.js";
import { ScholarlyCommunity } from "../community/community.type.js";
import { Audience, ResourceAccess, Work } from "./work.entity.js";
import { AddWorkInput, validateWork } from "./work.input.js";
import { WorkFilter } from "./work.filter.js";
import { searchWorks } from "./work.search.js";
import { ScholarlySociety } from "../society/society.type.js";

type Context = SubgraphContext<ScholarshipLoaders>;

export const WorkConnection = connectionType("Work", Work);

@Resolver(() => Work)
export class WorkResolver {
  @Query(() => Work, { description: "One work by id; null when there is none.", nullable: true })
  work(@Arg("id", () => ID, { description: "The work's id." }) id: string, @Ctx() { loaders }: Context): Promise<Work | null> {
    return loaders.workById.load(assertUuid("id", id));
  }

  @Query(() => WorkConnection, { description: "Papers, abstracts and resources across the network, newest first." })
  @Directive(PAGED)
  async works(
    @Arg("filter", () => WorkFilter, { description: "Narrows the works; without it, every work, newest first.", nullable: true }) filter: WorkFilter | null,
    @Arg("first", () => Int, { description: "Page size: 1–100, default 20.", nullable: true }) first: number | null,
    @Arg("after", () => String, { description: "Cursor after which the page starts: a previous page's `pageInfo.endCursor`. Omit for the first page.", nullable: true }) after: string | null,
    @Ctx() context: Context,
  ): Promise<Page<Work>> {
    const size = pageSize(first);
    // Works of a member the caller may not see are not listed: the filter must not tell that they exist.
    if (filter?.member && !(await isVisibleMember(context, assertUuid("filter.member", filter.member)))) return toPage([], size, () => [], async () => 0);
    return searchWorks(context.em, filter, size, after);
  }

  @FieldResolver(() => [Contribution], { description: "Contributors in author order; contributions of members the caller may not see are left out." })
  @Directive(assumed(5))
  async contributions(@Root() work: Work, @Ctx() context: Context): Promise<Contribution[]> {
    return withVisibleMembers(context, await context.loaders.contributionsByWork.load(work.id), (contribution) => contribution.memberId);
  }

  @FieldResolver(() => String, { nullable: true, description: "Where to read it; null for a MEMBERS resource unless the caller has a society key." })
  url(@Root() work: Work, @Ctx() { caller }: Context): string | null {
    return work.access === ResourceAccess.MEMBERS && caller.role !== "society" ? null : work.url;
  }

  @FieldResolver(() => Audience, { description: "Who the resource is for; empty lists mean everyone." })
  audience(@Root() work: Work): Audience {
    return { professions: work.audienceProfessions, careerStages: work.audienceCareerStages };
  }

  @FieldResolver(() => ScholarlyCommunity, { nullable: true, description: "The community the work belongs to, if any." })
  community(@Root() work: Work): ScholarlyCommunity | null {
    return work.communityId ? { id: work.communityId } : null;
  }

  @FieldResolver(() => ScholarlySociety, { description: "The society that recorded the work." })
  society(@Root() work: Work): ScholarlySociety {
    return { id: work.societyId };
  }

  @Mutation(() => Work, {
    description: "Records a work for the caller's society; contributors are members the caller may see, or ORCID iDs. A DOI already in the network is a CONFLICT naming the existing work.",
  })
  async addWork(@Arg("input", () => AddWorkInput, { description: "The work; recorded for the caller's society." }) input: AddWorkInput, @Ctx() context: Context): Promise<Work> {
    const { em } = context;
    const societyId = requireSocietyCaller(context.caller);
    const { contributions, ...fields } = validateWork(input);
    const communityId = input.communityId ? await requireCommunityOfCaller(context, input.communityId, "communityId") : null;
    // All contributors in one member access lookup (the loader batches what is asked for together).
    await Promise.all(
      contributions.map((contribution, index) => contribution.memberId && requireVisibleMember(context, contribution.memberId, `contributions.${index}.member`)),
    );
    const existing = fields.doi ? await em.findOne(Work, { doi: fields.doi }) : null;
    if (existing) throw duplicateDoi(existing);
    const work = em.create(Work, { id: crypto.randomUUID(), societyId, communityId, ...fields });
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
