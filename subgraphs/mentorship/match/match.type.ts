import { Directive, Field, Float, ObjectType, registerEnumType } from "type-graphql";
import { assumed } from "../../../lib/demand-control.js";
import { HIDDEN_MEMBER } from "../../../lib/external.js";
import { MentoringMember } from "../member/member.type.js";

export enum MatchFactorName {
  TOPICS = "TOPICS",
  LANGUAGE = "LANGUAGE",
  TIME_ZONE = "TIME_ZONE",
  CAREER_STAGE = "CAREER_STAGE",
  CAPACITY = "CAPACITY",
  CROSS_SOCIETY = "CROSS_SOCIETY",
  CROSS_COUNTRY = "CROSS_COUNTRY",
}
registerEnumType(MatchFactorName, { name: "MatchFactorName" });

@ObjectType({ description: "One factor of a match score: its weight, the mentor's value on it (0–1), and why." })
export class MatchFactor {
  @Field(() => MatchFactorName)
  factor!: MatchFactorName;

  @Field(() => Float)
  weight!: number;

  @Field(() => Float)
  value!: number;

  @Field(() => String)
  explanation!: string;
}

@ObjectType({ description: "A mentor proposed for a mentee, with the score and how it was reached." })
export class MentorMatch {
  @Field(() => MentoringMember, { nullable: true, description: HIDDEN_MEMBER })
  mentor!: MentoringMember;

  @Field(() => Float, { description: "Weighted mean of the factors, 0–1." })
  score!: number;

  @Field(() => [MatchFactor])
  @Directive(assumed(Object.keys(MatchFactorName).length))
  breakdown!: MatchFactor[];
}
