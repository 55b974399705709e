import { defineEntity, p } from "@mikro-orm/core";
import { DateTimeResolver } from "graphql-scalars";
import { Field, ID, ObjectType } from "type-graphql";

@ObjectType({ description: "One change of a member's directory consent: what it became, who recorded it and when. Kept as history." })
export class ConsentChange {
  @Field(() => ID, { description: "The change's id." })
  id!: string;

  memberId!: string;

  @Field(() => Boolean, { description: "Listed in the directory, from this change on." })
  listed!: boolean;

  @Field(() => Boolean, { description: "Counted in researchers' statistics, from this change on." })
  research!: boolean;

  @Field(() => ID, { nullable: true, description: "The API key that recorded it." })
  keyId!: string | null;

  @Field(() => ID, { nullable: true, description: "The society that recorded it (the member's home society)." })
  societyId!: string | null;

  @Field(() => DateTimeResolver, { description: "When the change was recorded." })
  changedAt!: Date;
}

export const ConsentChangeSchema = defineEntity({
  class: ConsentChange,
  tableName: "consent_change",
  properties: {
    id: p.uuid().primary(),
    memberId: p.uuid(),
    listed: p.boolean(),
    research: p.boolean(),
    keyId: p.uuid().nullable(),
    societyId: p.uuid().nullable(),
    changedAt: p.datetime(),
  },
  indexes: [{ name: "consent_change_member_id_changed_at_index", properties: ["memberId", "changedAt"] }],
});
