import { Directive, Field, InputType, Int, ObjectType } from "type-graphql";
import { CareerStage } from "../../../lib/career-stage.js";
import type { EntityManager } from "../../../lib/database.js";
import { cost, WEIGHTS } from "../../../lib/demand-control.js";
import { PageInfo, type Page } from "../../../lib/pagination.js";
import { containsFolded } from "../../../lib/sql.js";
import { Profession } from "../../../lib/profession.js";
import { Work, WorkKind } from "../work/work.entity.js";
import { pageOfWorks, type WorkConditions } from "../work/work.search.js";

/** Topic facets are cut off here: a library can hold any number of distinct topics. */
const MAX_FACET_VALUES = 50;

@InputType({ description: "Resources for this audience: ones naming it, and ones for anyone." })
export class AudienceFilter {
  @Field(() => Profession, { description: "Meant for this profession (or for every profession).", nullable: true })
  profession?: Profession | null;

  @Field(() => CareerStage, { description: "Meant for this career stage (or for every stage).", nullable: true })
  careerStage?: CareerStage | null;
}

@InputType({ description: "Narrows the resource library; all given criteria must hold." })
export class ResourceFilter {
  @Field(() => String, { nullable: true, description: "Free text over titles and venues, case- and accent-insensitive." })
  @Directive(cost(WEIGHTS.search))
  q?: string | null;

  @Field(() => String, { nullable: true, description: "Exact topic, e.g. Physiotherapy." })
  topic?: string | null;

  @Field(() => AudienceFilter, { description: "Resources meant for this audience (or for everyone).", nullable: true })
  audience?: AudienceFilter | null;

  @Field(() => WorkKind, { description: "Resources of this kind only.", nullable: true })
  kind?: WorkKind | null;

  @Field(() => String, { nullable: true, description: "Exact SPDX expression, e.g. CC-BY-4.0." })
  licence?: string | null;
}

@ObjectType({ description: "How many resources of the filtered library carry one value." })
export class FacetCount {
  @Field(() => String, { description: "The topic or kind." })
  value!: string;

  @Field(() => Int, { description: "Resources with it, among those matching the filter." })
  count!: number;
}

@ObjectType({ description: "Counts over the whole filtered library (all pages), most frequent first." })
export class ResourceFacets {
  @Field(() => [FacetCount], { description: `The ${MAX_FACET_VALUES} most frequent topics.` })
  topics!: FacetCount[];

  @Field(() => [FacetCount], { description: "Kinds of work, most frequent first." })
  kinds!: FacetCount[];
}

@ObjectType("ResourceEdge", { description: "One resource in a page, with its cursor." })
class ResourceEdge {
  @Field(() => String, { description: "Opaque cursor of this resource: pass it as `after` to continue after it." })
  cursor!: string;

  @Field(() => Work, { description: "The resource (a work)." })
  node!: Work;
}

@ObjectType({ description: "A page of the resource library, with facets over everything the filter matches." })
export class ResourceConnection {
  @Field(() => [ResourceEdge], { description: "The resources of this page, in order." })
  edges!: ResourceEdge[];

  @Field(() => PageInfo, { description: "Whether another page follows, and its cursor." })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: "Number of resources matching the filter, all pages together." })
  @Directive(cost(WEIGHTS.count))
  totalCount!: number;

  @Field(() => ResourceFacets, { description: "Counts of topics and kinds over every resource matching the filter, for refining it." })
  @Directive(cost(WEIGHTS.count))
  facets!: ResourceFacets;
}

function resourceConditions(filter: ResourceFilter | null | undefined): WorkConditions {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (condition: string, value: unknown) => {
    where.push(condition);
    params.push(value);
  };
  if (filter?.q?.trim()) add(containsFolded("w.search_text"), filter.q.trim());
  if (filter?.topic?.trim()) add("w.topics @> array[?]::text[]", filter.topic.trim());
  if (filter?.kind) add("w.kind = ?", filter.kind);
  if (filter?.licence?.trim()) add("w.licence = ?", filter.licence.trim());
  // A resource that names no profession (or career stage) is for anyone.
  if (filter?.audience?.profession) add("(w.audience_professions = '{}' or w.audience_professions @> array[?]::text[])", filter.audience.profession);
  if (filter?.audience?.careerStage) add("(w.audience_career_stages = '{}' or w.audience_career_stages @> array[?]::text[])", filter.audience.careerStage);
  return { where, params };
}

export type ResourcePage = Page<Work> & { readonly facets: Promise<ResourceFacets> };

/** The library page plus facets; like totalCount, the facet queries run only when a client selects them. */
export async function searchResources(em: EntityManager, filter: ResourceFilter | null | undefined, size: number, after: string | null | undefined): Promise<ResourcePage> {
  const conditions = resourceConditions(filter);
  const page = await pageOfWorks(em, conditions, size, after);
  const matching = conditions.where.length ? `where ${conditions.where.join(" and ")}` : "";
  const counts = async (value: string, from: string) =>
    em.getConnection().execute<FacetCount[]>(
      `select ${value} as value, count(*)::int as count from ${from} ${matching} group by 1 order by count desc, value limit ${MAX_FACET_VALUES}`,
      conditions.params,
    );
  return {
    edges: page.edges,
    pageInfo: page.pageInfo,
    get totalCount() {
      return page.totalCount;
    },
    get facets() {
      return Promise.all([counts("t.topic", "work w cross join lateral unnest(w.topics) as t(topic)"), counts("w.kind", "work w")]).then(([topics, kinds]) => ({ topics, kinds }));
    },
  };
}
