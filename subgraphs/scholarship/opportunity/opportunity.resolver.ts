import { DateTimeResolver } from "graphql-scalars";
import { Arg, Ctx, Field, FieldResolver, ID, InputType, Mutation, Query, Resolver, Root } from "type-graphql";
import { requireSocietyCaller } from "../../../lib/authz.js";
import { assertUuid, InputProblems } from "../../../lib/errors.js";
import { recordChanges } from "../../../lib/outbox.js";
import type { SubgraphContext } from "../../../lib/subgraph.js";
import type { ScholarshipLoaders } from "../loaders.js";
import { ScholarlySociety } from "../society/society.type.js";
import { Opportunity, OpportunityKind } from "./opportunity.entity.js";

@InputType({ description: "A call, grant, fellowship, nomination or peer-review call of the caller's society." })
export class CreateOpportunityInput {
  @Field(() => OpportunityKind, { description: "What sort of opportunity it is." })
  kind!: OpportunityKind;

  @Field(() => String, { description: "Title." })
  title!: string;

  @Field(() => DateTimeResolver, { description: "Must be in the future." })
  deadline!: Date;

  @Field(() => String, { description: "Where to apply or read more (http or https).", nullable: true })
  url?: string | null;

  @Field(() => String, { description: "Who may apply, in plain words." })
  eligibility!: string;
}

type Context = SubgraphContext<ScholarshipLoaders>;

@Resolver(() => Opportunity)
export class OpportunityResolver {
  @Query(() => [Opportunity], { description: "Calls, grants and fellowships, soonest deadline first; open: true hides past deadlines." })
  opportunities(@Arg("open", () => Boolean, { description: "True: only those whose deadline has not passed (soonest deadline first); false or omitted: all.", nullable: true }) open: boolean | null, @Ctx() { em }: Context): Promise<Opportunity[]> {
    const now = new Date();
    const deadline = open === true ? { $gte: now } : open === false ? { $lt: now } : undefined;
    return em.find(Opportunity, deadline ? { deadline } : {}, { orderBy: { deadline: "asc", id: "asc" } });
  }

  @Query(() => Opportunity, { nullable: true, description: "One opportunity by id; null when there is none." })
  opportunity(@Arg("id", () => ID, { description: "The opportunity's id." }) id: string, @Ctx() { em }: Context): Promise<Opportunity | null> {
    assertUuid("id", id);
    return em.findOne(Opportunity, { id });
  }

  @FieldResolver(() => ScholarlySociety, { description: "The society offering it." })
  society(@Root() opportunity: Opportunity): ScholarlySociety {
    return { id: opportunity.societyId };
  }

  @Mutation(() => Opportunity, { description: "Announces an opportunity for the caller's society." })
  async createOpportunity(@Arg("input", () => CreateOpportunityInput, { description: "The opportunity; offered by the caller's society." }) input: CreateOpportunityInput, @Ctx() { em, caller }: Context): Promise<Opportunity> {
    const societyId = requireSocietyCaller(caller);
    const problems = new InputProblems();
    const title = input.title.trim();
    if (title.length === 0 || title.length > 255) problems.add("title", "must have between 1 and 255 characters");
    if (input.deadline.getTime() <= Date.now()) problems.add("deadline", "must be in the future");
    const url = input.url?.trim() || null;
    if (url && !/^https?:\/\/\S+$/.test(url)) problems.add("url", "must be an http(s) URL");
    if (!input.eligibility.trim()) problems.add("eligibility", "must say who may apply");
    problems.throwIfAny();
    return em.transactional(async (tx) => {
      const opportunity = tx.create(Opportunity, { id: crypto.randomUUID(), kind: input.kind, title, societyId, deadline: input.deadline, url, eligibility: input.eligibility.trim() });
      await tx.flush();
      // Opportunities are public: no society list means every society may hear of it.
      await recordChanges(tx, [{ topic: "opportunity.published", entityId: opportunity.id, societyIds: [], data: { opportunityId: opportunity.id, kind: opportunity.kind, societyId } }]);
      return opportunity;
    });
  }
}
