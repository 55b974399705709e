import { defineEntity, p } from "@mikro-orm/core";
import { Directive, Field, ID, ObjectType, registerEnumType } from "type-graphql";

export enum MentoringFormat {
  ONE_TO_ONE = "ONE_TO_ONE",
  PEER = "PEER",
  GROUP = "GROUP",
  SPEED = "SPEED",
}
registerEnumType(MentoringFormat, {
  name: "MentoringFormat",
  description: "How mentoring is organised in a programme.",
  valuesConfig: {
    ONE_TO_ONE: { description: "One mentor, one mentee." },
    PEER: { description: "Peers at similar career stages mentor each other." },
    GROUP: { description: "One mentor with a group of mentees." },
    SPEED: { description: "Short rotating conversations at an event." },
  },
});

@ObjectType({ description: "A society's mentoring scheme: one-to-one, peer, group or speed mentoring." })
@Directive('@key(fields: "id")')
export class MentoringProgram {
  @Field(() => ID, { description: "Identifier (UUID); stable, safe to keep in a partner's own records." })
  id!: string;

  /** Owning society; exposed as `society`. */
  societyId!: string;

  @Field(() => String, { description: "Name of the programme." })
  name!: string;

  @Field(() => MentoringFormat, { description: "How mentoring is organised in it." })
  format!: MentoringFormat;

  @Field(() => String, { description: "What the programme offers; null when not given." })
  description!: string;

  @Field(() => Boolean, { description: "Whether the programme takes new pairs." })
  open!: boolean;

  @Field(() => Boolean, { description: "Matching favours mentors from another society." })
  prefersCrossSociety!: boolean;

  @Field(() => Boolean, { description: "Matching favours mentors in another country." })
  prefersCrossCountry!: boolean;

  @Field(() => Boolean, { description: "Matching favours a near peer: a mentor exactly one career stage ahead of the mentee." })
  prefersNearPeer!: boolean;
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
    prefersNearPeer: p.boolean().default(false),
  },
});
