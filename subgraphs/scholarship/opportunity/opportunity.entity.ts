import { defineEntity, p } from "@mikro-orm/core";
import { DateTimeResolver } from "graphql-scalars";
import { Directive, Field, ID, ObjectType, registerEnumType } from "type-graphql";

export enum OpportunityKind {
  CALL_FOR_ABSTRACTS = "CALL_FOR_ABSTRACTS",
  GRANT = "GRANT",
  FELLOWSHIP = "FELLOWSHIP",
  AWARD_NOMINATION = "AWARD_NOMINATION",
  PEER_REVIEW = "PEER_REVIEW",
}
registerEnumType(OpportunityKind, { name: "OpportunityKind" });

@ObjectType({ description: "A call, grant, fellowship or nomination a society announces." })
@Directive('@key(fields: "id")')
export class Opportunity {
  @Field(() => ID)
  id!: string;

  @Field(() => OpportunityKind)
  kind!: OpportunityKind;

  @Field(() => String)
  title!: string;

  /** Exposed as `society`. */
  societyId!: string;

  @Field(() => DateTimeResolver)
  deadline!: Date;

  @Field(() => String, { nullable: true })
  url!: string | null;

  @Field(() => String, { description: "Who may apply." })
  eligibility!: string;
}

export const OpportunitySchema = defineEntity({
  class: Opportunity,
  tableName: "opportunity",
  properties: {
    id: p.uuid().primary(),
    kind: p.enum(() => OpportunityKind),
    title: p.string(),
    societyId: p.uuid().index(),
    deadline: p.datetime().index(),
    url: p.string().nullable(),
    eligibility: p.text(),
  },
});
