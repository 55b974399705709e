import { FieldResolver, Resolver, Root } from "type-graphql";
import { HIDDEN_MEMBER } from "../../../lib/external.js";
import { ScholarlyMember } from "../member/member.type.js";
import { Contribution } from "./contribution.entity.js";

@Resolver(() => Contribution)
export class ContributionResolver {
  @FieldResolver(() => ScholarlyMember, { nullable: true, description: `${HIDDEN_MEMBER} Null too for a contributor named by ORCID iD only (see orcid).` })
  member(@Root() contribution: Contribution): ScholarlyMember | null {
    return contribution.memberId ? { id: contribution.memberId } : null;
  }
}
