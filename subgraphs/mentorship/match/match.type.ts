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
  NEAR_PEER = "NEAR_PEER",
}
registerEnumType(MatchFactorName, {
  name: "MatchFactorName",
  description: "A factor of a mentor match's score.",
  valuesConfig: {
    TOPICS: { description: "Mentor topics shared with the mentee's expertise (weight 0.35)." },
    LANGUAGE: { description: "A shared language, by primary subtag (weight 0.20)." },
    TIME_ZONE: { description: "Hours between their UTC offsets now (weight 0.15)." },
    CAREER_STAGE: { description: "How far ahead the mentor is, or for PEER programmes how close (weight 0.15)." },
    CAPACITY: { description: "Share of the mentor's places still free (weight 0.10)." },
    CROSS_SOCIETY: { description: "Mentor from another society, where the programme prefers it (weight 0.10)." },
    CROSS_COUNTRY: { description: "Mentor in another country, where the programme prefers it (weight 0.10)." },
    NEAR_PEER: { description: "Mentor one career stage ahead of the mentee, where the programme prefers near peers (weight 0.20)." },
  },
});

@ObjectType({ description: "One factor of a match score: its weight, the mentor's value on it (0–1), and why." })
export class MatchFactor {
  @Field(() => MatchFactorName, { description: "Which factor this is." })
  factor!: MatchFactorName;

  @Field(() => Float, { description: "The factor's weight in the score (0–1)." })
  weight!: number;

  @Field(() => Float, { description: "How well the pair does on it, 0 (not at all) to 1 (fully)." })
  value!: number;

  @Field(() => String, { description: "The value in plain words, e.g. \"2 shared topics: Lymphoma, Haemostasis\"." })
  explanation!: string;
}

@ObjectType({ description: "A mentor proposed for a mentee, with the score and how it was reached." })
export class MentorMatch {
  @Field(() => MentoringMember, { nullable: true, description: HIDDEN_MEMBER })
  mentor!: MentoringMember;

  @Field(() => Float, { description: "Weighted mean of the factors, 0–1." })
  score!: number;

  @Field(() => [MatchFactor], { description: "Each factor that applied, with its weight, value (0–1) and explanation." })
  @Directive(assumed(Object.keys(MatchFactorName).length))
  breakdown!: MatchFactor[];
}
