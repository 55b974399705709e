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
registerEnumType(OpportunityKind, {
  name: "OpportunityKind",
  description: "What sort of opportunity it is.",
  valuesConfig: {
    CALL_FOR_ABSTRACTS: { description: "A call for conference abstracts." },
    GRANT: { description: "Research or education funding." },
    FELLOWSHIP: { description: "A fellowship." },
    AWARD_NOMINATION: { description: "Nominations for an award." },
    PEER_REVIEW: { description: "A call for peer reviewers." },
  },
});

@ObjectType({ description: "A call, grant, fellowship or nomination a society announces." })
@Directive('@key(fields: "id")')
export class Opportunity {
  @Field(() => ID, { description: "Identifier (UUID); stable, safe to keep in a partner's own records." })
  id!: string;

  @Field(() => OpportunityKind, { description: "What sort of opportunity it is." })
  kind!: OpportunityKind;

  @Field(() => String, { description: "Title as the society wrote it." })
  title!: string;

  /** Exposed as `society`. */
  societyId!: string;

  @Field(() => DateTimeResolver, { description: "Last day to apply (date, the society's local day)." })
  deadline!: Date;

  @Field(() => String, { description: "Where to apply or read more; null when not given.", nullable: true })
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
