import { Directive, Field, ID, ObjectType } from "type-graphql";

/** The communities subgraph's Community, extended here with its resources. */
@ObjectType("Community")
@Directive('@key(fields: "id")')
export class ScholarlyCommunity {
  @Field(() => ID)
  id!: string;
}
