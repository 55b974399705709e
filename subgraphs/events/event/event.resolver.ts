import { LockMode, type FilterQuery } from "@mikro-orm/core";
import { Arg, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { requireOwner, requireSocietyCaller } from "../../../lib/authz.js";
import { assertUuid, badUserInput, notFound } from "../../../lib/errors.js";
import { SocietyReference, WorkReference } from "../../../lib/external.js";
import { connectionType, decodeCursor, PAGED, pageSize, toPage, type Page } from "../../../lib/pagination.js";
import { recordChanges, type Change } from "../../../lib/outbox.js";
import type { SubgraphContext } from "../../../lib/subgraph.js";
import { requireCommunityOfCaller } from "../../../lib/member-access.js";
import { EventsCommunity } from "../community/community.type.js";
import type { EventsLoaders } from "../loaders.js";
import { Event } from "./event.entity.js";
import { EventFilter } from "./event.filter.js";
import { CreateEventInput, UpdateEventInput, validateEvent } from "./event.input.js";
import { promoteWaitlist, seatsTaken, societiesRegisteredFor } from "../registration/registration.queue.js";

type Context = SubgraphContext<EventsLoaders>;

export const EventConnection = connectionType("Event", Event);

@Resolver(() => Event)
export class EventResolver {
  @Query(() => Event, { description: "One event by id; null when there is none.", nullable: true })
  event(@Arg("id", () => ID, { description: "The event's id." }) id: string, @Ctx() { loaders }: Context): Promise<Event | null> {
    return loaders.eventById.load(assertUuid("id", id));
  }

  @Query(() => EventConnection, { description: "Events in start order, keyset-paginated." })
  @Directive(PAGED)
  async events(
    @Arg("filter", () => EventFilter, { description: "Narrows the events; without it, every event, soonest first.", nullable: true }) filter: EventFilter | null,
    @Arg("first", () => Int, { description: "Page size: 1–100, default 20.", nullable: true }) first: number | null,
    @Arg("after", () => String, { description: "Cursor after which the page starts: a previous page's `pageInfo.endCursor`. Omit for the first page.", nullable: true }) after: string | null,
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
      const [startsAt, id] = decodeCursor(after, ["instant", "uuid"]);
      const start = new Date(startsAt!);
      Object.assign(keyset, { $or: [{ startsAt: { $gt: start } }, { startsAt: start, id: { $gt: id } }] });
    }
    const rows = await em.find(Event, { $and: [where, keyset] }, { orderBy: { startsAt: "asc", id: "asc" }, limit: size + 1 });
    return toPage(rows, size, (event) => [event.startsAt.toISOString(), event.id], () => em.count(Event, where));
  }

  @FieldResolver(() => SocietyReference, { description: "The organising society." })
  society(@Root() event: Event): SocietyReference {
    return { id: event.societyId };
  }

  @FieldResolver(() => EventsCommunity, { nullable: true, description: "The community the event is for, if any." })
  community(@Root() event: Event): EventsCommunity | null {
    return event.communityId ? { id: event.communityId } : null;
  }

  @FieldResolver(() => WorkReference, { nullable: true, description: "The recording of the event (a WEBINAR_RECORDING work), once linked." })
  recording(@Root() event: Event): WorkReference | null {
    return event.recordingWorkId ? { id: event.recordingWorkId } : null;
  }

  @Mutation(() => Event, { description: "Links an event of the caller's society (an occurrence of a series, say) to its WEBINAR_RECORDING work." })
  async linkRecording(@Arg("eventId", () => ID, { description: "The event (an occurrence of a series or a single event) that was recorded." }) eventId: string, @Arg("workId", () => ID, { description: "The WEBINAR_RECORDING work holding the recording (checked with scholarship)." }) workId: string, @Ctx() context: Context): Promise<Event> {
    const { em, caller } = context;
    requireSocietyCaller(caller);
    const event = await em.findOne(Event, { id: assertUuid("eventId", eventId) });
    if (!event) throw notFound("Event", eventId);
    requireOwner(caller, event.societyId, "event");
    // The work id is a claim: scholarship says whether it exists and what kind it is.
    const work = await context.workAccess.load(assertUuid("workId", workId));
    if (!work.exists) throw notFound("Work", workId);
    if (work.kind !== "WEBINAR_RECORDING") throw badUserInput([{ field: "workId", message: "is not a WEBINAR_RECORDING work" }]);
    event.recordingWorkId = workId;
    await em.flush();
    return event;
  }

  @FieldResolver(() => String, { description: "Path of the event's iCalendar (RFC 5545) file on the gateway." })
  icsUrl(@Root() event: Event): string {
    return `/events/${event.id}.ics`;
  }

  @FieldResolver(() => Int, { description: "Confirmed and attended registrations." })
  async registeredCount(@Root() event: Event, @Ctx() { loaders }: Context): Promise<number> {
    return (await loaders.seatsByEvent.load(event.id)).registered;
  }

  @FieldResolver(() => Int, { description: "Registrations waiting for a seat." })
  async waitlistCount(@Root() event: Event, @Ctx() { loaders }: Context): Promise<number> {
    return (await loaders.seatsByEvent.load(event.id)).waitlisted;
  }

  @Mutation(() => Event, { description: "Creates an event of the caller's society." })
  async createEvent(@Arg("input", () => CreateEventInput, { description: "The event; organised by the caller's society." }) input: CreateEventInput, @Ctx() context: Context): Promise<Event> {
    const { em, caller } = context;
    const societyId = requireSocietyCaller(caller);
    const fields = validateEvent(input);
    const communityId = input.communityId ? await requireCommunityOfCaller(context, input.communityId, "communityId") : null;
    const event = em.create(Event, { id: crypto.randomUUID(), societyId, communityId, ...(fields as Required<typeof fields>), evaluationRequired: fields.evaluationRequired ?? false });
    await em.flush();
    return event;
  }

  @Mutation(() => Event, { description: "Changes an event of the caller's society; extra seats go to the waitlist in order." })
  async updateEvent(@Arg("id", () => ID, { description: "The event to change; it must be organised by the caller's society." }) id: string, @Arg("input", () => UpdateEventInput, { description: "Fields to change; omitted fields keep their value." }) input: UpdateEventInput, @Ctx() { em, caller }: Context): Promise<Event> {
    requireSocietyCaller(caller);
    assertUuid("id", id);
    return em.transactional(async (tx) => {
      const event = await tx.findOne(Event, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!event) throw notFound("Event", id);
      requireOwner(caller, event.societyId, "event");
      const fields = validateEvent(input, event);
      if (fields.capacity !== undefined) {
        const taken = await seatsTaken(tx, event.id);
        if (fields.capacity < taken) throw badUserInput([{ field: "capacity", message: `is below the ${taken} registrations already confirmed` }]);
      }
      tx.assign(event, fields);
      await tx.flush();
      const eventChanged: Change = {
        topic: "event.changed",
        entityId: event.id,
        // The organiser and every society with members still holding a place or waiting for one.
        societyIds: [...new Set([event.societyId, ...(await societiesRegisteredFor(tx, event.id))])],
        data: { eventId: event.id, fields: Object.keys(fields).sort() },
      };
      await recordChanges(tx, [eventChanged, ...(await promoteWaitlist(tx, event))]);
      return event;
    });
  }
}
