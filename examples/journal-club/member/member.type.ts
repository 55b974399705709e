import { Directive, Field, ID, ObjectType } from "type-graphql";

/** The members subgraph's Member, extended here with the sessions a member presented. */
@ObjectType("Member")
@Directive('@key(fields: "id")')
export class ClubMember {
  @Field(() => ID)
  id!: string;
}
