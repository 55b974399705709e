import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { notFound } from "../../../lib/errors.js";
import type { SubgraphContext } from "../../../lib/subgraph.js";
import type { MembersLoaders } from "../loaders.js";
import { Society } from "../society/society.entity.js";
import { Membership } from "./membership.entity.js";

@Resolver(() => Membership)
export class MembershipResolver {
  @FieldResolver(() => Society, { description: "The society." })
  async society(@Root() membership: Membership, @Ctx() { loaders }: SubgraphContext<MembersLoaders>): Promise<Society> {
    const society = await loaders.societyById.load(membership.societyId);
    if (!society) throw notFound("Society", membership.societyId);
    return society;
  }
}
