import { ArgsType, Directive, Field, ID, Int } from "type-graphql";
import { cost, WEIGHTS } from "../../../lib/demand-control.js";

export const MAX_MATCHES = 50;
export const DEFAULT_MATCHES = 10;

/**
 * `Member.mentorMatches` arguments. An args class rather than `@Arg`s because type-graphql 2.0-rc drops
 * directives on a field resolver's `@Arg` parameters, and the ranking's weight belongs on `programId`: every
 * use runs one ranking, however few matches it returns.
 */
@ArgsType()
export class MentorMatchArgs {
  @Field(() => ID, { description: "The mentoring programme to match in (its format decides the career-stage rule; its preferences add the cross-society and cross-country factors)." })
  @Directive(cost(WEIGHTS.ranking))
  programId!: string;

  @Field(() => Int, { nullable: true, description: `At most ${MAX_MATCHES}; default ${DEFAULT_MATCHES}.` })
  first?: number | null;
}
