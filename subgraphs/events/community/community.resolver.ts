import { Arg, Ctx, Directive, FieldResolver, Int, Resolver, Root } from "type-graphql";
import { UNAVAILABLE } from "../../../lib/external.js";
import { PAGED, pageOfLoadedList, type Page } from "../../../lib/pagination.js";
import type { SubgraphContext } from "../../../lib/subgraph.js";
import { Event } from "../event/event.entity.js";
import { EventConnection } from "../event/event.resolver.js";
import type { EventsLoaders } from "../loaders.js";
import { EventsCommunity } from "./community.type.js";

@Resolver(() => EventsCommunity)
export class EventsCommunityResolver {
  @FieldResolver(() => EventConnection, { nullable: true, description: `The community's events in start order. ${UNAVAILABLE}` })
  @Directive(PAGED)
  async events(
    @Root() community: EventsCommunity,
    @Arg("first", () => Int, { nullable: true, description: "Page size: 1–100, default 20." }) first: number | null,
    @Arg("after", () => String, { nullable: true, description: "Cursor after which the page starts: a previous page's `pageInfo.endCursor`. Omit for the first page." }) after: string | null,
    @Ctx() { loaders }: SubgraphContext<EventsLoaders>,
  ): Promise<Page<Event>> {
    return pageOfLoadedList(await loaders.eventsByCommunity.load(community.id), first, after, (event) => event.id);
  }
}
