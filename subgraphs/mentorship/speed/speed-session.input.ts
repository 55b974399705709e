import { Field, ID, InputType, Int } from "type-graphql";
import { InputProblems } from "../../../lib/errors.js";
import { MAX_SPEED_PARTICIPANTS } from "./speed-session.entity.js";

@InputType({ description: "Links a SPEED programme to the SPEED_MENTORING event its session runs at." })
export class LinkSpeedSessionInput {
  @Field(() => ID, { description: "A SPEED_MENTORING event organised by the caller's society; checked with the events subgraph." })
  eventId!: string;

  @Field(() => Int, { description: `Most participants, mentors and mentees together (2–${MAX_SPEED_PARTICIPANTS}).` })
  capacity!: number;
}

/** Most rounds one plan may have, and the longest round: a plan's size (and work) stays bounded. */
export const MAX_ROUNDS = 30;
export const MAX_MINUTES_PER_ROUND = 120;

export function validateCapacity(capacity: number): void {
  const problems = new InputProblems();
  if (!Number.isInteger(capacity) || capacity < 2 || capacity > MAX_SPEED_PARTICIPANTS) problems.add("input.capacity", `must be between 2 and ${MAX_SPEED_PARTICIPANTS}`);
  problems.throwIfAny();
}

export function validatePlanRequest(rounds: number, minutesPerRound: number): void {
  const problems = new InputProblems();
  if (rounds < 1 || rounds > MAX_ROUNDS) problems.add("rounds", `must be between 1 and ${MAX_ROUNDS}`);
  if (minutesPerRound < 1 || minutesPerRound > MAX_MINUTES_PER_ROUND) problems.add("minutesPerRound", `must be between 1 and ${MAX_MINUTES_PER_ROUND}`);
  problems.throwIfAny();
}
