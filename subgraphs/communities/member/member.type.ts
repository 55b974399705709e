import { Directive, Field, ID, ObjectType } from "type-graphql";

/** The members subgraph's Member, extended here with the communities the member takes part in. */
@ObjectType("Member")
@Directive('@key(fields: "id")')
export class CommunityMember {
  @Field(() => ID)
  id!: string;
}
