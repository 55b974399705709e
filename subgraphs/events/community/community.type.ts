import { Directive, Field, ID, ObjectType } from "type-graphql";

/** The communities subgraph's Community, extended here with its events. */
@ObjectType("Community")
@Directive('@key(fields: "id")')
export class EventsCommunity {
  @Field(() => ID)
  id!: string;
}
