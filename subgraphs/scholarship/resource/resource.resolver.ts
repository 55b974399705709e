import { Arg, Ctx, Directive, Int, Query, Resolver } from "type-graphql";
import { PAGED, pageSize } from "../../../lib/pagination.js";
import type { SubgraphContext } from "../../../lib/subgraph.js";
import type { ScholarshipLoaders } from "../loaders.js";
import { ResourceConnection, ResourceFilter, searchResources, type ResourcePage } from "./resource.js";

@Resolver()
export class ResourceResolver {
  @Query(() => ResourceConnection, { description: "The resource library: works by topic, audience, kind and licence, newest first, with facets." })
  @Directive(PAGED)
  resources(
    @Arg("filter", () => ResourceFilter, { description: "Narrows the library; without it, every resource, newest first.", nullable: true }) filter: ResourceFilter | null,
    @Arg("first", () => Int, { description: "Page size: 1–100, default 20.", nullable: true }) first: number | null,
    @Arg("after", () => String, { description: "Cursor after which the page starts: a previous page's `pageInfo.endCursor`. Omit for the first page.", nullable: true }) after: string | null,
    @Ctx() { em }: SubgraphContext<ScholarshipLoaders>,
  ): Promise<ResourcePage> {
    return searchResources(em, filter, pageSize(first), after);
  }
}
