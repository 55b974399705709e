import { Arg, Ctx, Directive, Int, Query, Resolver } from "type-graphql";
import { AFTER_ARG, FIRST_ARG, PAGED, pageSize } from "../../../lib/pagination.js";
import type { SubgraphContext } from "../../../lib/subgraph.js";
import type { ScholarshipLoaders } from "../loaders.js";
import { ResourceConnection, ResourceFilter, searchResources, type ResourcePage } from "./resource.js";

@Resolver()
export class ResourceResolver {
  @Query(() => ResourceConnection, { description: "The resource library: works by topic, audience, kind and licence, newest first, with facets." })
  @Directive(PAGED)
  resources(
    @Arg("filter", () => ResourceFilter, { nullable: true, description: "Narrows the library; without it, every work." }) filter: ResourceFilter | null,
    @Arg("first", () => Int, FIRST_ARG) first: number | null,
    @Arg("after", () => String, AFTER_ARG) after: string | null,
    @Ctx() { em }: SubgraphContext<ScholarshipLoaders>,
  ): Promise<ResourcePage> {
    return searchResources(em, filter, pageSize(first), after);
  }
}
