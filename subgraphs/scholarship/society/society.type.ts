import { Directive, Field, ID, ObjectType } from "type-graphql";

/** The members subgraph's Society, extended here with the scholarly output of its members. */
@ObjectType("Society")
@Directive('@key(fields: "id")')
export class ScholarlySociety {
  @Field(() => ID)
  id!: string;
}
