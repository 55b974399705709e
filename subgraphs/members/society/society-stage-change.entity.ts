import { defineEntity, p } from "@mikro-orm/core";
import { DateTimeResolver } from "graphql-scalars";
import { Field, ObjectType } from "type-graphql";
import { SocietyStage } from "../../../lib/society-stage.js";

@ObjectType({ description: "A stage a society entered, and when: Society.stageHistory lists them oldest first." })
export class SocietyStageChange {
  id!: string;

  societyId!: string;

  @Field(() => SocietyStage, { description: "The stage entered." })
  stage!: SocietyStage;

  @Field(() => DateTimeResolver, { description: "When it entered that stage (UTC)." })
  since!: Date;
}

/** Written by the society table's trigger (society.entity.ts), never by the application. */
export const SocietyStageChangeSchema = defineEntity({
  class: SocietyStageChange,
  tableName: "society_stage_change",
  properties: {
    id: p.uuid().primary(),
    societyId: p.uuid().index(),
    stage: p.enum(() => SocietyStage),
    since: p.datetime(),
  },
});
