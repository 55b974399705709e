import { Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import type { SubgraphContext } from "../../../lib/subgraph.js";
import type { MentorshipLoaders } from "../loaders.js";
import { MentorProfile } from "./mentor-profile.entity.js";

@Resolver(() => MentorProfile)
export class MentorProfileResolver {
  @FieldResolver(() => Int, { description: "Mentees in ACTIVE relations with this mentor now." })
  activeMentees(@Root() profile: MentorProfile, @Ctx() { loaders }: SubgraphContext<MentorshipLoaders>): Promise<number> {
    return loaders.activeMentees.load(profile.memberId);
  }
}
