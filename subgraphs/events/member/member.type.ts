import { Directive, Field, ID, ObjectType } from "type-graphql";

/** The members subgraph's Member, extended here with event registrations and CPD credit. */
@ObjectType("Member")
@Directive('@key(fields: "id")')
export class AttendingMember {
  @Field(() => ID)
  id!: string;
}
