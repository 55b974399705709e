import { Directive, Field, ID, InputType } from "type-graphql";
import { cost, WEIGHTS } from "../../../lib/demand-control.js";
import { CareerStage } from "../../../lib/career-stage.js";
import { Profession } from "./member.entity.js";

@InputType({ description: "Narrows the directory; all given criteria must hold." })
export class MemberFilter {
  @Field(() => String, { nullable: true, description: "Free text over names and expertise, case- and accent-insensitive." })
  @Directive(cost(WEIGHTS.search))
  q?: string | null;

  @Field(() => String, { nullable: true, description: "ISO 3166-1 alpha-2 country of residence." })
  country?: string | null;

  @Field(() => ID, { nullable: true, description: "Members of this society (home or additional membership)." })
  society?: string | null;

  @Field(() => CareerStage, { description: "Members at this career stage only.", nullable: true })
  careerStage?: CareerStage | null;

  @Field(() => Profession, { description: "Members with this profession (among others) only.", nullable: true })
  profession?: Profession | null;

  @Field(() => String, { nullable: true, description: "Exact expertise topic, e.g. Haemostasis." })
  expertise?: string | null;

  @Field(() => String, { nullable: true, description: "BCP 47 language tag." })
  language?: string | null;
}
