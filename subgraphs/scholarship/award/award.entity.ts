import { defineEntity, p } from "@mikro-orm/core";
import { Field, ID, Int, ObjectType } from "type-graphql";

@ObjectType({ description: "A prize a society awarded to a member." })
export class Award {
  @Field(() => ID, { description: "Identifier (UUID); stable, safe to keep in a partner's own records." })
  id!: string;

  @Field(() => String, { description: "Name of the award, e.g. Best Abstract Prize." })
  name!: string;

  @Field(() => Int, { description: "Year it was awarded." })
  year!: number;

  /** Exposed as `member`. */
  memberId!: string;

  /** Awarding society; exposed as `society`. */
  societyId!: string;
}

export const AwardSchema = defineEntity({
  class: Award,
  tableName: "award",
  properties: {
    id: p.uuid().primary(),
    name: p.string(),
    year: p.integer(),
    memberId: p.uuid().index(),
    societyId: p.uuid().index(),
  },
});
