import { defineEntity, p } from "@mikro-orm/core";
import { DateTimeResolver } from "graphql-scalars";
import { Field, ID, ObjectType } from "type-graphql";

@ObjectType({ description: "A journal club meeting: one member presents one paper." })
export class JournalClubSession {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  paperTitle!: string;

  @Field(() => String, { nullable: true, description: "DOI of the paper discussed." })
  paperDoi!: string | null;

  @Field(() => DateTimeResolver)
  meetsAt!: Date;

  /** Exposed as `presenter`. */
  presenterId!: string;
}

export const JournalClubSessionSchema = defineEntity({
  class: JournalClubSession,
  tableName: "journal_club_session",
  properties: {
    id: p.uuid().primary(),
    paperTitle: p.string(),
    paperDoi: p.string().nullable(),
    meetsAt: p.datetime(),
    presenterId: p.uuid().index(),
  },
});
