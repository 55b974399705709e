import { defineEntity, p } from "@mikro-orm/core";
import { DateTimeResolver } from "graphql-scalars";
import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { CareerStage } from "../../../lib/career-stage.js";
import { MAX_COMMENT } from "../../../lib/feedback.js";

@ObjectType({ description: "A participant's evaluation of an event they registered for or attended." })
export class EventRating {
  @Field(() => ID, { description: "Identifier (UUID)." })
  id!: string;

  eventId!: string;

  memberId!: string;

  @Field(() => Int, { description: "1 (poor) to 5 (excellent)." })
  score!: number;

  @Field(() => String, { nullable: true, description: "What the rater wrote; null when nothing." })
  comment!: string | null;

  /** The event's kind when rated. */
  kind!: string;

  /** The rater's country and career stage as the members subgraph gave them at rating time. */
  country!: string;

  careerStage!: CareerStage;

  @Field(() => DateTimeResolver, { description: "When it was given (UTC)." })
  createdAt!: Date;
}

@InputType({ description: "An evaluation: a score and, if wished, a comment." })
export class RateEventInput {
  @Field(() => Int, { description: "1 (poor) to 5 (excellent)." })
  score!: number;

  @Field(() => String, { nullable: true, description: `Optional comment, at most ${MAX_COMMENT} characters; the organiser reads it without the rater's name.` })
  comment?: string | null;
}

export const EventRatingSchema = defineEntity({
  class: EventRating,
  tableName: "event_rating",
  properties: {
    id: p.uuid().primary(),
    eventId: p.uuid(),
    memberId: p.uuid().index(),
    score: p.integer(),
    comment: p.text().nullable(),
    kind: p.string(),
    country: p.string().length(2),
    careerStage: p.enum(() => CareerStage),
    createdAt: p.datetime(),
  },
  // Once per member and event; also the lookup CPD credit makes.
  uniques: [{ name: "event_rating_event_id_member_id_unique", properties: ["eventId", "memberId"] }],
  checks: [{ name: "event_rating_score_range", expression: `"score" >= 1 and "score" <= 5` }],
});
