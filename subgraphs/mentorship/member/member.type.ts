import { Directive, Field, ID, ObjectType } from "type-graphql";

/** The members subgraph's Member, extended here with mentoring fields. */
@ObjectType("Member")
@Directive('@key(fields: "id")')
export class MentoringMember {
  @Field(() => ID)
  id!: string;
}
