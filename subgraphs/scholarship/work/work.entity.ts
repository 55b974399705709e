import { defineEntity, p } from "@mikro-orm/core";
import { DateResolver } from "graphql-scalars";
import { Directive, Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { CareerStage } from "../../../lib/career-stage.js";
import { Profession } from "../../../lib/profession.js";

export enum WorkKind {
  ARTICLE = "ARTICLE",
  REVIEW = "REVIEW",
  ABSTRACT = "ABSTRACT",
  POSTER = "POSTER",
  CASE_STUDY = "CASE_STUDY",
  TOOLKIT = "TOOLKIT",
  WEBINAR_RECORDING = "WEBINAR_RECORDING",
  DATASET = "DATASET",
}
registerEnumType(WorkKind, {
  name: "WorkKind",
  description: "What sort of scholarly output a work is.",
  valuesConfig: {
    ARTICLE: { description: "Research article." },
    REVIEW: { description: "Review article." },
    ABSTRACT: { description: "Conference abstract." },
    POSTER: { description: "Conference poster." },
    CASE_STUDY: { description: "Teaching or clinical case study." },
    TOOLKIT: { description: "Educational toolkit or resource." },
    WEBINAR_RECORDING: { description: "Recording of a webinar." },
    DATASET: { description: "Published dataset." },
  },
});

export enum ResourceAccess {
  OPEN = "OPEN",
  MEMBERS = "MEMBERS",
}
registerEnumType(ResourceAccess, {
  name: "ResourceAccess",
  description: "OPEN: anyone may follow the url; MEMBERS: only callers with a society key see it.",
  valuesConfig: {
    OPEN: { description: "Anyone may open it." },
    MEMBERS: { description: "Only callers with a society key see its `url`." },
  },
});

@ObjectType({ description: "Who a resource is for; empty lists mean anyone." })
export class Audience {
  @Field(() => [Profession], { description: "Professions it is meant for; empty: every profession." })
  professions!: Profession[];

  @Field(() => [CareerStage], { description: "Career stages it is meant for; empty: every stage." })
  careerStages!: CareerStage[];
}

@ObjectType({ description: "A piece of scholarly output or an educational resource." })
@Directive('@key(fields: "id")')
export class Work {
  @Field(() => ID, { description: "Identifier (UUID); stable, safe to keep in a partner's own records." })
  id!: string;

  @Field(() => String, { nullable: true, description: "Normalised DOI (lower case, no resolver prefix)." })
  doi!: string | null;

  @Field(() => String, { description: "Title as published." })
  title!: string;

  @Field(() => WorkKind, { description: "What sort of output it is." })
  kind!: WorkKind;

  @Field(() => DateResolver, { description: "Publication date; null when unknown.", nullable: true })
  publishedOn!: string | null;

  @Field(() => String, { nullable: true, description: "Journal, conference or platform." })
  venue!: string | null;

  /** Exposed through a resolver: hidden from callers without a society key when access is MEMBERS. */
  url!: string | null;

  /** Society that recorded the work (owns the record); exposed as `society`. */
  societyId!: string;

  @Field(() => [String], { description: "Practice areas and disciplines, e.g. Physiotherapy." })
  topics!: string[];

  /** Exposed as `audience`. */
  audienceProfessions!: Profession[];
  audienceCareerStages!: CareerStage[];

  @Field(() => String, { description: "Summary of the work; null when not given.", nullable: true })
  abstract!: string | null;

  @Field(() => String, { nullable: true, description: "SPDX licence expression, e.g. CC-BY-4.0." })
  licence!: string | null;

  @Field(() => ResourceAccess, { description: "Who may open it: anyone, or members of copnet societies." })
  access!: ResourceAccess;

  /** The community the resource belongs to, verified with the communities subgraph; exposed as `community`. */
  communityId!: string | null;

  /** Folded title and venue for free-text search (database-generated, trigram-indexed); never loaded. */
  searchText?: string;
}

export const WorkSchema = defineEntity({
  class: Work,
  tableName: "work",
  properties: {
    id: p.uuid().primary(),
    doi: p.string().nullable().unique(),
    title: p.text(),
    kind: p.enum(() => WorkKind),
    publishedOn: p.date().nullable(),
    venue: p.string().nullable(),
    url: p.string().nullable(),
    societyId: p.uuid().index(),
    topics: p.array().default([]),
    audienceProfessions: p.enum(() => Profession).array().default([]),
    audienceCareerStages: p.enum(() => CareerStage).array().default([]),
    abstract: p.text().nullable(),
    licence: p.string().nullable(),
    access: p.enum(() => ResourceAccess).default(ResourceAccess.OPEN),
    communityId: p.uuid().nullable().index(),
    searchText: p.text().generated(`(copnet_fold("title" || ' ' || coalesce("venue", ''))) stored`).lazy(),
  },
  indexes: [
    { name: "work_search_text_trgm_index", expression: `create index "work_search_text_trgm_index" on "work" using gin ("search_text" gin_trgm_ops)` },
    { name: "work_topics_index", expression: `create index "work_topics_index" on "work" using gin ("topics")` },
    { name: "work_sort_index", expression: `create index "work_sort_index" on "work" ((coalesce("published_on", date '0001-01-01')) desc, "id")` },
  ],
});
