import { Directive, Field, ID, ObjectType } from "type-graphql";

/** The members subgraph's Member, extended here with scholarly output. */
@ObjectType("Member")
@Directive('@key(fields: "id")')
export class ScholarlyMember {
  @Field(() => ID)
  id!: string;
}
