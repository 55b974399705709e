import { FieldResolver, Resolver, Root } from "type-graphql";
import { HIDDEN_MEMBER, SocietyReference } from "../../../lib/external.js";
import { ScholarlyMember } from "../member/member.type.js";
import { Award } from "./award.entity.js";

@Resolver(() => Award)
export class AwardResolver {
  @FieldResolver(() => ScholarlyMember, { nullable: true, description: HIDDEN_MEMBER })
  member(@Root() award: Award): ScholarlyMember {
    return { id: award.memberId };
  }

  @FieldResolver(() => SocietyReference, { description: "The awarding society." })
  society(@Root() award: Award): SocietyReference {
    return { id: award.societyId };
  }
}
