import { Arg, Ctx, Directive, FieldResolver, Int, Resolver, Root } from "type-graphql";
import { UNAVAILABLE } from "../../../lib/external.js";
import { AFTER_ARG, FIRST_ARG, PAGED, pageOfLoadedList, type Page } from "../../../lib/pagination.js";
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
    @Arg("first", () => Int, FIRST_ARG) first: number | null,
    @Arg("after", () => String, AFTER_ARG) after: string | null,
    @Ctx() { loaders }: SubgraphContext<EventsLoaders>,
  ): Promise<Page<Event>> {
    return pageOfLoadedList(await loaders.eventsByCommunity.load(community.id), first, after, (event) => event.id);
  }
}
