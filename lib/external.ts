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

@ObjectType("MemberGroup")
@Directive('@key(fields: "ids", resolvable: false)')
export class MemberGroupReference {
  /** Never shown to clients: it may name members the caller may not see (see the members subgraph). */
  @Field(() => [ID])
  @Directive("@inaccessible")
  ids!: string[];
}

@ObjectType("Event")
@Directive('@key(fields: "id", resolvable: false)')
export class EventReference {
  @Field(() => ID)
  id!: string;
}

@ObjectType("Work")
@Directive('@key(fields: "id", resolvable: false)')
export class WorkReference {
  @Field(() => ID)
  id!: string;
}

/**
 * Fields pointing at a member are nullable: the members subgraph resolves a member the caller may not see
 * (not listed, or no research consent) to null, and the gateway then returns null for the whole member.
 */
export const HIDDEN_MEMBER = "Null when the member is not visible to the caller (consent).";

/**
 * Fields a subgraph adds to another's entity are nullable, so that when this subgraph is down or slow the
 * gateway returns the rest of the entity (with an error naming the service) instead of nulling it whole.
 */
export const UNAVAILABLE = "Null only when the service that holds it cannot answer (see errors).";
