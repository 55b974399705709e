import { defineEntity, p } from "@mikro-orm/core";
import { DateResolver } from "graphql-scalars";
import { Directive, Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { SocietyStage } from "../../../lib/society-stage.js";

export enum SocietyKind {
  COMMUNITY_OF_PRACTICE = "COMMUNITY_OF_PRACTICE",
  PROFESSIONAL_SOCIETY = "PROFESSIONAL_SOCIETY",
  TRAINEE_NETWORK = "TRAINEE_NETWORK",
  RESEARCH_GROUP = "RESEARCH_GROUP",
  ACADEMY = "ACADEMY",
}
registerEnumType(SocietyKind, {
  name: "SocietyKind",
  description: "What kind of organisation a society is.",
  valuesConfig: {
    COMMUNITY_OF_PRACTICE: { description: "A community of practice around a shared field." },
    PROFESSIONAL_SOCIETY: { description: "A professional society with formal membership." },
    TRAINEE_NETWORK: { description: "A network run by and for trainees." },
    RESEARCH_GROUP: { description: "A research or research-mentoring group." },
    ACADEMY: { description: "An academy of educators." },
  },
});


@ObjectType({ description: "A participating society or community of practice." })
@Directive('@key(fields: "id")')
export class Society {
  @Field(() => ID, { description: "Identifier (UUID); stable, safe to keep in a partner's own records." })
  id!: string;

  @Field(() => String, { description: "URL-safe short name, unique across the network." })
  slug!: string;

  @Field(() => String, { description: "Full name of the society." })
  name!: string;

  @Field(() => SocietyKind, { description: "What kind of organisation it is." })
  kind!: SocietyKind;

  @Field(() => SocietyStage, { description: "The community's life stage." })
  stage!: SocietyStage;

  @Field(() => DateResolver, { description: "When the society was founded (date).", nullable: true })
  foundedOn!: string | null;

  @Field(() => String, { description: "ISO 3166-1 alpha-2 country of the society's seat." })
  country!: string;

  @Field(() => String, { description: "The society's own website (URL); null when unknown.", nullable: true })
  website!: string | null;

  @Field(() => String, { nullable: true, description: "ROR id (https://ror.org/…) when the society has one." })
  ror!: string | null;
}

export const SocietySchema = defineEntity({
  class: Society,
  tableName: "society",
  // Every stage a society enters is recorded, whichever way it changes (mutation, seed or SQL by hand).
  triggers: [
    {
      name: "society_stage_recorded",
      timing: "after",
      events: ["insert", "update"],
      forEach: "row",
      body: "if tg_op = 'INSERT' or new.stage is distinct from old.stage then insert into society_stage_change (id, society_id, stage, since) values (gen_random_uuid(), new.id, new.stage, now()); end if; return null",
    },
  ],
  properties: {
    id: p.uuid().primary(),
    slug: p.string().unique(),
    name: p.string(),
    kind: p.enum(() => SocietyKind),
    stage: p.enum(() => SocietyStage),
    foundedOn: p.date().nullable(),
    country: p.string().length(2),
    website: p.string().nullable(),
    ror: p.string().nullable(),
  },
});
