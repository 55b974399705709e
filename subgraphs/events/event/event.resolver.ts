import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import type { FilterQuery } from "@mikro-orm/core";
import { assertUuid } from "../../../lib/errors.js";
import { SocietyReference } from "../../../lib/external.js";
import { connectionType, decodeCursor, pageSize, toPage, type Page } from "../../../lib/pagination.js";
import type { SubgraphContext } from "../../../lib/subgraph.js";
import type { EventsLoaders } from "../loaders.js";
import { Event } from "./event.entity.js";
import { EventFilter } from "./event.filter.js";

type Context = SubgraphContext<EventsLoaders>;

const EventConnection = connectionType("Event", Event);

@Resolver(() => Event)
export class EventResolver {
  @Query(() => Event, { nullable: true })
  event(@Arg("id", () => ID) id: string, @Ctx() { loaders }: Context): Promise<Event | null> {
    return loaders.eventById.load(assertUuid("id", id));
  }

  @Query(() => EventConnection, { description: "Events in start order, keyset-paginated." })
  async events(
    @Arg("filter", () => EventFilter, { nullable: true }) filter: EventFilter | null,
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Ctx() { em }: Context,
  ): Promise<Page<Event>> {
    const size = pageSize(first);
    const where: FilterQuery<Event> = {
      ...(filter?.society ? { societyId: assertUuid("filter.society", filter.society) } : {}),
      ...(filter?.kind ? { kind: filter.kind } : {}),
      ...(filter?.from || filter?.to
        ? { startsAt: { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) } }
        : {}),
    };
    const keyset: FilterQuery<Event> = {};
    if (after) {
      const [startsAt, id] = decodeCursor(after, 2);
      const start = new Date(startsAt!);
      Object.assign(keyset, { $or: [{ startsAt: { $gt: start } }, { startsAt: start, id: { $gt: String(id) } }] });
    }
    const rows = await em.find(Event, { $and: [where, keyset] }, { orderBy: { startsAt: "asc", id: "asc" }, limit: size + 1 });
    return toPage(rows, size, (event) => [event.startsAt.toISOString(), event.id], () => em.count(Event, where));
  }

  @FieldResolver(() => SocietyReference, { description: "The organising society." })
  society(@Root() event: Event): SocietyReference {
    return { id: event.societyId };
  }

  @FieldResolver(() => Int, { description: "Confirmed and attended registrations." })
  async registeredCount(@Root() event: Event, @Ctx() { loaders }: Context): Promise<number> {
    return (await loaders.seatsByEvent.load(event.id)).registered;
  }

  @FieldResolver(() => Int)
  async waitlistCount(@Root() event: Event, @Ctx() { loaders }: Context): Promise<number> {
    return (await loaders.seatsByEvent.load(event.id)).waitlisted;
  }
}
