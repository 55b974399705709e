import { Field, ID, InputType } from "type-graphql";
import { assertUuid, InputProblems } from "../../../lib/errors.js";

@InputType({ description: "A proposed pairing, made by the mentee's society." })
export class ProposeMentorshipInput {
  @Field(() => ID, { description: "The mentor: a member the caller may see, with a mentor profile." })
  mentorId!: string;

  @Field(() => ID, { description: "The mentee: a member of the caller's society." })
  menteeId!: string;

  @Field(() => ID, { description: "The programme, which must be open." })
  programId!: string;

  @Field(() => String, { nullable: true, description: "What the mentee hopes to achieve." })
  goals?: string | null;
}

const MAX_GOALS = 2000;

export function validateProposal(input: ProposeMentorshipInput): { mentorId: string; menteeId: string; programId: string; goals: string | null } {
  const mentorId = assertUuid("mentorId", input.mentorId);
  const menteeId = assertUuid("menteeId", input.menteeId);
  const programId = assertUuid("programId", input.programId);
  const problems = new InputProblems();
  if (mentorId === menteeId) problems.add("menteeId", "a member cannot mentor themself");
  const goals = input.goals?.trim() || null;
  if (goals && goals.length > MAX_GOALS) problems.add("goals", `at most ${MAX_GOALS} characters`);
  problems.throwIfAny();
  return { mentorId, menteeId, programId, goals };
}
