import { defineEntity, p } from "@mikro-orm/core";
import { DateTimeResolver } from "graphql-scalars";
import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { CareerStage } from "../../../lib/career-stage.js";
import { MAX_COMMENT } from "../../../lib/feedback.js";

@ObjectType({ description: "A participant's rating of a mentoring relation they are in." })
export class MentorshipRating {
  @Field(() => ID, { description: "Identifier (UUID)." })
  id!: string;

  relationId!: string;

  memberId!: string;

  /** The relation's programme, for the programme's summary. */
  programId!: string | null;

  @Field(() => Int, { description: "1 (poor) to 5 (excellent)." })
  score!: number;

  @Field(() => String, { nullable: true, description: "What the rater wrote; null when nothing." })
  comment!: string | null;

  /** The relation's programme format when rated (ONE_TO_ONE for a pair made outside a programme). */
  format!: string;

  /** The rater's country and career stage as the members subgraph gave them at rating time. */
  country!: string;

  careerStage!: CareerStage;

  @Field(() => DateTimeResolver, { description: "When it was given (UTC)." })
  createdAt!: Date;
}

@InputType({ description: "A rating: a score and, if wished, a comment." })
export class RateMentorshipInput {
  @Field(() => Int, { description: "1 (poor) to 5 (excellent)." })
  score!: number;

  @Field(() => String, { nullable: true, description: `Optional comment, at most ${MAX_COMMENT} characters; the programme's society reads it without the rater's name.` })
  comment?: string | null;
}

export const MentorshipRatingSchema = defineEntity({
  class: MentorshipRating,
  tableName: "mentorship_rating",
  properties: {
    id: p.uuid().primary(),
    relationId: p.uuid().index(),
    memberId: p.uuid().index(),
    programId: p.uuid().nullable().index(),
    score: p.integer(),
    comment: p.text().nullable(),
    format: p.string(),
    country: p.string().length(2),
    careerStage: p.enum(() => CareerStage),
    createdAt: p.datetime(),
  },
  // Once per member and relation.
  uniques: [{ name: "mentorship_rating_relation_id_member_id_unique", properties: ["relationId", "memberId"] }],
  checks: [{ name: "mentorship_rating_score_range", expression: `"score" >= 1 and "score" <= 5` }],
});
