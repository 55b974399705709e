import { defineEntity, p } from "@mikro-orm/core";
import { Directive, Field, ID, ObjectType, registerEnumType } from "type-graphql";

export enum MentoringFormat {
  ONE_TO_ONE = "ONE_TO_ONE",
  PEER = "PEER",
  GROUP = "GROUP",
  SPEED = "SPEED",
}
registerEnumType(MentoringFormat, { name: "MentoringFormat" });

@ObjectType({ description: "A society's mentoring scheme: one-to-one, peer, group or speed mentoring." })
@Directive('@key(fields: "id")')
export class MentoringProgram {
  @Field(() => ID)
  id!: string;

  /** Owning society; exposed as `society`. */
  societyId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => MentoringFormat)
  format!: MentoringFormat;

  @Field(() => String)
  description!: string;

  @Field(() => Boolean, { description: "Whether the programme takes new pairs." })
  open!: boolean;

  @Field(() => Boolean, { description: "Matching favours mentors from another society." })
  prefersCrossSociety!: boolean;

  @Field(() => Boolean, { description: "Matching favours mentors in another country." })
  prefersCrossCountry!: boolean;
}

export const MentoringProgramSchema = defineEntity({
  class: MentoringProgram,
  tableName: "mentoring_program",
  properties: {
    id: p.uuid().primary(),
    societyId: p.uuid().index(),
    name: p.string(),
    format: p.enum(() => MentoringFormat),
    description: p.text(),
    open: p.boolean(),
    prefersCrossSociety: p.boolean().default(false),
    prefersCrossCountry: p.boolean().default(false),
  },
});
