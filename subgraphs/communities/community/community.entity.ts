import { defineEntity, p } from "@mikro-orm/core";
import { DateTimeResolver } from "graphql-scalars";
import { Directive, Field, ID, ObjectType } from "type-graphql";
import { SocietyStage } from "../../../lib/society-stage.js";

@ObjectType({ description: "A community of practice or special-interest group, within one society or across several." })
@Directive('@key(fields: "id")')
export class Community {
  @Field(() => ID, { description: "Identifier (UUID); stable, safe to keep in a partner's own records." })
  id!: string;

  @Field(() => String, { description: "URL-safe short name, unique across the network." })
  slug!: string;

  @Field(() => String, { description: "Name of the community, as its society wrote it." })
  name!: string;

  @Field(() => String, { description: "What the community is for, in its own words." })
  purpose!: string;

  @Field(() => [String], { description: "Practice areas and disciplines, e.g. Physiotherapy." })
  topics!: string[];

  @Field(() => SocietyStage, { description: "Establish → Grow → Sustain, as for a society." })
  stage!: SocietyStage;

  /** The creating society: it (and its leads' societies) edit the community. */
  ownerSocietyId!: string;

  /** The creating society, then each society in the order it first brought a member; exposed as `societies`. */
  societyIds!: string[];

  @Field(() => DateTimeResolver, { description: "When the community was created (UTC)." })
  createdAt!: Date;

  /** Folded name and purpose for free-text search (database-generated, trigram-indexed); never loaded. */
  searchText?: string;
}

export const CommunitySchema = defineEntity({
  class: Community,
  tableName: "community",
  properties: {
    id: p.uuid().primary(),
    slug: p.string().unique(),
    name: p.string(),
    purpose: p.text(),
    topics: p.array(),
    stage: p.enum(() => SocietyStage),
    ownerSocietyId: p.uuid(),
    societyIds: p.array(),
    createdAt: p.datetime().onCreate(() => new Date()),
    searchText: p.text().generated(`(copnet_fold("name" || ' ' || "purpose")) stored`).lazy(),
  },
  indexes: [
    { name: "community_search_text_trgm_index", expression: `create index "community_search_text_trgm_index" on "community" using gin ("search_text" gin_trgm_ops)` },
    { name: "community_name_id_index", properties: ["name", "id"] },
    { name: "community_topics_index", expression: `create index "community_topics_index" on "community" using gin ("topics")` },
    { name: "community_society_ids_index", expression: `create index "community_society_ids_index" on "community" using gin ("society_ids")` },
  ],
});

@ObjectType({ description: "A stage the community entered, and when." })
export class StageChange {
  /** Not exposed: the history is read per community. */
  id!: string;

  communityId!: string;

  @Field(() => SocietyStage, { description: "The stage entered." })
  stage!: SocietyStage;

  @Field(() => DateTimeResolver, { description: "When it entered that stage (UTC)." })
  since!: Date;
}

export const StageChangeSchema = defineEntity({
  class: StageChange,
  tableName: "community_stage_change",
  properties: {
    id: p.uuid().primary(),
    communityId: p.uuid().index(),
    stage: p.enum(() => SocietyStage),
    since: p.datetime(),
  },
});
