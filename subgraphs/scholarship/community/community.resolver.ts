import { Arg, Ctx, Directive, FieldResolver, Int, Resolver, Root } from "type-graphql";
import { UNAVAILABLE } from "../../../lib/external.js";
import { PAGED, pageOfLoadedList, type Page } from "../../../lib/pagination.js";
import type { SubgraphContext } from "../../../lib/subgraph.js";
import type { ScholarshipLoaders } from "../loaders.js";
import { Work } from "../work/work.entity.js";
import { WorkConnection } from "../work/work.resolver.js";
import { ScholarlyCommunity } from "./community.type.js";

@Resolver(() => ScholarlyCommunity)
export class ScholarlyCommunityResolver {
  @FieldResolver(() => WorkConnection, { nullable: true, description: `Resources and works the community shares, newest first. ${UNAVAILABLE}` })
  @Directive(PAGED)
  async resources(
    @Root() community: ScholarlyCommunity,
    @Arg("first", () => Int, { nullable: true, description: "Page size: 1–100, default 20." }) first: number | null,
    @Arg("after", () => String, { nullable: true, description: "Cursor after which the page starts: a previous page's `pageInfo.endCursor`. Omit for the first page." }) after: string | null,
    @Ctx() { loaders }: SubgraphContext<ScholarshipLoaders>,
  ): Promise<Page<Work>> {
    return pageOfLoadedList(await loaders.worksByCommunity.load(community.id), first, after, (work) => work.id);
  }
}
