import { Directive, Field, ID, ObjectType } from "type-graphql";

/**
 * References to entities another subgraph owns, for subgraphs that only point at them
 * (`resolvable: false`): the gateway fetches their fields from the owner.
 */
@ObjectType("Society")
@Directive('@key(fields: "id", resolvable: false)')
export class SocietyReference {
  @Field(() => ID)
  id!: string;
}

@ObjectType("Member")
@Directive('@key(fields: "id", resolvable: false)')
export class MemberReference {
  @Field(() => ID)
  id!: string;
}

@ObjectType("Event")
@Directive('@key(fields: "id", resolvable: false)')
export class EventReference {
  @Field(() => ID)
  id!: string;
}
