import { FieldResolver, Resolver, Root } from "type-graphql";
import { HIDDEN_MEMBER } from "../../../lib/external.js";
import { ScholarlyMember } from "../member/member.type.js";
import { Contribution } from "./contribution.entity.js";

@Resolver(() => Contribution)
export class ContributionResolver {
  @FieldResolver(() => ScholarlyMember, { nullable: true, description: HIDDEN_MEMBER })
  member(@Root() contribution: Contribution): ScholarlyMember {
    return { id: contribution.memberId };
  }
}
