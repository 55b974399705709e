import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { requireAdmin } from "../../../lib/authz.js";
import { conflictOnDuplicate } from "../../../lib/database.js";
import { assertUuid, notFound } from "../../../lib/errors.js";
import type { SubgraphContext } from "../../../lib/subgraph.js";
import type { MembersLoaders } from "../loaders.js";
import { SocietyStageChange } from "./society-stage-change.entity.js";
import { SocietyStage } from "../../../lib/society-stage.js";
import { Society } from "./society.entity.js";
import { CreateSocietyInput, UpdateSocietyInput, validateSocietyChanges } from "./society.input.js";

type Context = SubgraphContext<MembersLoaders>;

@Resolver(() => Society)
export class SocietyResolver {
  @Query(() => [Society], { description: "Every participating society, by name." })
  societies(@Ctx() { em }: Context): Promise<Society[]> {
    return em.find(Society, {}, { orderBy: { name: "asc" } });
  }

  @Query(() => Society, { nullable: true, description: "One society by its slug; null when there is none." })
  society(@Arg("slug", () => String, { description: "Short lower-case name of the society, as in its URLs (e.g. hoecop)." }) slug: string, @Ctx() { em }: Context): Promise<Society | null> {
    return em.findOne(Society, { slug: slug.trim().toLowerCase() });
  }

  @FieldResolver(() => Int, { description: "Active members, home or additional membership." })
  async memberCount(@Root() society: Society, @Ctx() { loaders }: Context): Promise<number> {
    return (await loaders.societyStats.load(society.id)).memberCount;
  }

  @FieldResolver(() => Int, { description: "Number of countries the society's active members live in." })
  async countryCount(@Root() society: Society, @Ctx() { loaders }: Context): Promise<number> {
    return (await loaders.societyStats.load(society.id)).countryCount;
  }

  @FieldResolver(() => [SocietyStageChange], { description: "Every stage the society has entered, oldest first; the last is its current stage." })
  stageHistory(@Root() society: Society, @Ctx() { loaders }: Context): Promise<SocietyStageChange[]> {
    return loaders.stageHistoryBySociety.load(society.id);
  }

  @Mutation(() => Society, { description: "Adds a society to the network (admin key). It starts in the ESTABLISH stage unless told otherwise." })
  async createSociety(@Arg("input", () => CreateSocietyInput, { description: "The new society." }) input: CreateSocietyInput, @Ctx() { em, caller }: Context): Promise<Society> {
    requireAdmin(caller);
    const changes = validateSocietyChanges(input);
    const society = em.create(Society, {
      id: crypto.randomUUID(),
      slug: changes.slug!,
      name: changes.name!,
      kind: changes.kind!,
      stage: changes.stage ?? SocietyStage.ESTABLISH,
      foundedOn: null,
      country: changes.country!,
      website: changes.website ?? null,
      ror: changes.ror ?? null,
    });
    await conflictOnDuplicate(() => em.flush(), `A society with slug "${changes.slug}" already exists`, "slug");
    return society;
  }

  @Mutation(() => Society, { description: "Changes a society (admin key); a stage change is kept in stageHistory." })
  async updateSociety(
    @Arg("id", () => ID, { description: "The society's id." }) id: string,
    @Arg("input", () => UpdateSocietyInput, { description: "Fields to change; omitted fields keep their value." }) input: UpdateSocietyInput,
    @Ctx() { em, caller }: Context,
  ): Promise<Society> {
    requireAdmin(caller);
    const changes = validateSocietyChanges(input);
    const society = await em.findOne(Society, { id: assertUuid("id", id) });
    if (!society) throw notFound("Society", id);
    em.assign(society, changes);
    await em.flush();
    return society;
  }
}
