import { Field, InputType } from "type-graphql";
import { InputProblems } from "../../../lib/errors.js";
import { MentoringFormat } from "./mentoring-program.entity.js";

@InputType({ description: "A new mentoring programme of the caller's society." })
export class CreateMentoringProgramInput {
  @Field(() => String, { description: "Name." })
  name!: string;

  @Field(() => MentoringFormat, { description: "How mentoring is organised in it." })
  format!: MentoringFormat;

  @Field(() => String, { description: "What the programme offers.", nullable: true })
  description?: string | null;

  @Field(() => Boolean, { nullable: true, description: "Default true." })
  open?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: "Default false." })
  prefersCrossSociety?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: "Default false." })
  prefersCrossCountry?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: "Default false. True to favour mentors one career stage ahead of the mentee (near peers) in matches." })
  prefersNearPeer?: boolean | null;
}

@InputType({ description: "Changes to a programme; omitted fields keep their value. `open: false` closes it to new pairs." })
export class UpdateMentoringProgramInput {
  @Field(() => String, { description: "New name.", nullable: true })
  name?: string | null;

  @Field(() => String, { description: "New description.", nullable: true })
  description?: string | null;

  @Field(() => Boolean, { description: "True while the programme accepts new pairs.", nullable: true })
  open?: boolean | null;

  @Field(() => Boolean, { description: "True to favour mentors from other societies in matches.", nullable: true })
  prefersCrossSociety?: boolean | null;

  @Field(() => Boolean, { description: "True to favour mentors in other countries in matches.", nullable: true })
  prefersCrossCountry?: boolean | null;

  @Field(() => Boolean, { description: "True to favour mentors one career stage ahead of the mentee (near peers) in matches.", nullable: true })
  prefersNearPeer?: boolean | null;
}

const MAX_NAME = 200;
const MAX_DESCRIPTION = 5000;

/** Trims and checks name and description; BAD_USER_INPUT names the field. */
export function validateProgramText(input: { name?: string | null; description?: string | null }): { name?: string; description?: string } {
  const problems = new InputProblems();
  const result: { name?: string; description?: string } = {};
  if (input.name != null) {
    const name = input.name.trim();
    if (name.length === 0 || name.length > MAX_NAME) problems.add("name", `must have between 1 and ${MAX_NAME} characters`);
    else result.name = name;
  }
  if (input.description != null) {
    if (input.description.length > MAX_DESCRIPTION) problems.add("description", `at most ${MAX_DESCRIPTION} characters`);
    else result.description = input.description.trim();
  }
  problems.throwIfAny();
  return result;
}
