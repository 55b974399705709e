import { DateTimeResolver } from "graphql-scalars";
import { Directive, Field, Float, Int, ObjectType } from "type-graphql";
import { assumed } from "../../../lib/demand-control.js";
import { HIDDEN_MEMBER } from "../../../lib/external.js";
import { MentoringMember } from "../member/member.type.js";

@ObjectType("SpeedPair", { description: "A mentee at a mentor's table for one round." })
export class SpeedPairType {
  @Field(() => Int, { description: "The table (from 1) where the mentor sits all session." })
  table!: number;

  @Field(() => MentoringMember, { nullable: true, description: HIDDEN_MEMBER })
  mentor!: MentoringMember | null;

  @Field(() => MentoringMember, { nullable: true, description: HIDDEN_MEMBER })
  mentee!: MentoringMember | null;

  @Field(() => Float, { description: "The matcher's score of this mentor for this mentee (0–1), as `mentorMatches` gives it." })
  score!: number;
}

@ObjectType("SpeedRound", { description: "One round of a speed-mentoring session: every mentee at one table." })
export class SpeedRoundType {
  @Field(() => Int, { description: "Round number, from 1." })
  number!: number;

  @Field(() => DateTimeResolver, { description: "When the round starts (UTC): the event's start plus the rounds before it." })
  startsAt!: Date;

  @Field(() => [SpeedPairType], { description: "Who sits where, by table, best-scored pair first at each table." })
  @Directive(assumed(60))
  pairs!: SpeedPairType[];
}

@ObjectType("SpeedPlan", {
  description:
    "A rotation plan: no mentor–mentee pair meets twice, each mentee meets min(rounds, mentors) distinct mentors, every table seats the same number of mentees give or take one, and the match scores decide who meets whom. The same sign-ups always give the same plan.",
})
export class SpeedPlanType {
  @Field(() => [SpeedRoundType], { description: "The rounds, in order; at most one per mentor (after that every mentee has met every mentor)." })
  @Directive(assumed(8))
  rounds!: SpeedRoundType[];

  @Field(() => Int, { description: "Minutes each round lasts." })
  minutesPerRound!: number;

  @Field(() => Int, { description: "Distinct mentor–mentee pairs that meet." })
  pairsMet!: number;

  @Field(() => Int, { description: "Pairs that meet more than once: always 0, counted on the plan itself." })
  repeats!: number;

  @Field(() => Int, { description: "Mentee seats left empty over all rounds, each table having ⌈mentees / mentors⌉ seats a round." })
  idleSeats!: number;
}
