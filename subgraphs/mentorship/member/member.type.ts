import { Directive, Field, ID, ObjectType } from "type-graphql";
import { CareerStage } from "../../../lib/career-stage.js";
import { SocietyReference } from "../../../lib/external.js";

/**
 * The members subgraph's Member, extended here with mentoring fields. The @external fields belong to the
 * members subgraph; `mentorMatches` @requires them, so the gateway fetches the mentee's current values
 * from members and hands them over with the reference — no copy of mentees is kept here.
 */
@ObjectType("Member")
@Directive('@key(fields: "id")')
export class MentoringMember {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  @Directive("@external")
  country?: string;

  @Field(() => String)
  @Directive("@external")
  timezone?: string;

  @Field(() => CareerStage)
  @Directive("@external")
  careerStage?: CareerStage;

  @Field(() => [String])
  @Directive("@external")
  languages?: string[];

  @Field(() => [String])
  @Directive("@external")
  expertise?: string[];

  @Field(() => SocietyReference)
  @Directive("@external")
  society?: SocietyReference;
}
