import { Directive, Field, ID, ObjectType } from "type-graphql";

/**
 * The members subgraph's Member, extended here with scholarly output. `orcid` belongs to members; the
 * fields that @require it get it from the gateway, so works recorded by ORCID iD count for the member.
 */
@ObjectType("Member")
@Directive('@key(fields: "id")')
export class ScholarlyMember {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  @Directive("@external")
  orcid?: string | null;
}
