import { FieldResolver, Resolver, Root } from "type-graphql";
import { ScholarlyMember } from "../member/member.type.js";
import { Contribution } from "./contribution.entity.js";

@Resolver(() => Contribution)
export class ContributionResolver {
  @FieldResolver(() => ScholarlyMember)
  member(@Root() contribution: Contribution): ScholarlyMember {
    return { id: contribution.memberId };
  }
}
