import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import type { SubgraphContext } from "../../../lib/subgraph.js";
import type { MembersLoaders } from "../loaders.js";
import { Society } from "./society.entity.js";

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
}
