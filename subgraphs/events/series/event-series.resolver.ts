import { LockMode } from "@mikro-orm/core";
import { Arg, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { requireSocietyCaller } from "../../../lib/authz.js";
import type { EntityManager } from "../../../lib/database.js";
import { assertUuid } from "../../../lib/errors.js";
import { SocietyReference } from "../../../lib/external.js";
import { requireCommunityOfCaller } from "../../../lib/member-access.js";
import { PAGED, pageOfLoadedList, type Page } from "../../../lib/pagination.js";
import type { SubgraphContext } from "../../../lib/subgraph.js";
import { EventsCommunity } from "../community/community.type.js";
import { Event } from "../event/event.entity.js";
import { EventConnection } from "../event/event.resolver.js";
import type { EventsLoaders } from "../loaders.js";
import { EventSeries } from "./event-series.entity.js";
import { CreateEventSeriesInput, validateSeries } from "./event-series.input.js";
import { horizon, occurrenceStarts } from "./recurrence.js";

type Context = SubgraphContext<EventsLoaders>;

/** A series is extended once its materialised occurrences reach less than this far ahead. */
const EXTEND_MARGIN_MS = 86_400_000;

@Resolver(() => EventSeries)
export class EventSeriesResolver {
  @Query(() => EventSeries, { description: "One event series by id; null when there is none.", nullable: true })
  async eventSeries(@Arg("id", () => ID, { description: "The series' id." }) id: string, @Ctx() { em }: Context): Promise<EventSeries | null> {
    const series = await em.findOne(EventSeries, { id: assertUuid("id", id) });
    return series && extendSeries(em, series, new Date());
  }

  @FieldResolver(() => EventConnection, { description: "Occurrences in start order, a year ahead (extended as time passes)." })
  @Directive(PAGED)
  async occurrences(
    @Root() series: EventSeries,
    @Arg("first", () => Int, { description: "Page size: 1–100, default 20.", nullable: true }) first: number | null,
    @Arg("after", () => String, { description: "Cursor after which the page starts: a previous page's `pageInfo.endCursor`. Omit for the first page.", nullable: true }) after: string | null,
    @Ctx() { loaders }: Context,
  ): Promise<Page<Event>> {
    return pageOfLoadedList(await loaders.occurrencesBySeries.load(series.id), first, after, (event) => event.id);
  }

  @FieldResolver(() => SocietyReference, { description: "The organising society." })
  society(@Root() series: EventSeries): SocietyReference {
    return { id: series.societyId };
  }

  @FieldResolver(() => EventsCommunity, { description: "The community the series belongs to; null when none.", nullable: true })
  community(@Root() series: EventSeries): EventsCommunity | null {
    return series.communityId ? { id: series.communityId } : null;
  }

  @FieldResolver(() => String, { description: "Path of the series' iCalendar feed on the gateway: one VEVENT with the RRULE and a VTIMEZONE." })
  icsUrl(@Root() series: EventSeries): string {
    return `/series/${series.id}.ics`;
  }

  @Mutation(() => EventSeries, { description: "Creates a recurring series of the caller's society and its occurrences for the next 12 months." })
  async createEventSeries(@Arg("input", () => CreateEventSeriesInput, { description: "The series; organised by the caller's society." }) input: CreateEventSeriesInput, @Ctx() context: Context): Promise<EventSeries> {
    const societyId = requireSocietyCaller(context.caller);
    const fields = validateSeries(input);
    const communityId = input.communityId ? await requireCommunityOfCaller(context, input.communityId, "communityId") : null;
    return context.em.transactional(async (tx) => {
      const series = tx.create(EventSeries, { id: crypto.randomUUID(), societyId, communityId, ...fields, materialisedUntil: fields.firstStartsAt });
      materialise(tx, series, horizon(new Date()));
      await tx.flush();
      return series;
    });
  }
}

/**
 * Brings a series' occurrences up to a year ahead of `now`. Runs when the series is read; the row lock and
 * the (series, start) unique key make concurrent readers extend it once.
 */
async function extendSeries(em: EntityManager, series: EventSeries, now: Date): Promise<EventSeries> {
  if (series.materialisedUntil.getTime() >= horizon(now).getTime() - EXTEND_MARGIN_MS) return series;
  return em.transactional(async (tx) => {
    const locked = await tx.findOneOrFail(EventSeries, { id: series.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    materialise(tx, locked, horizon(now));
    await tx.flush();
    return locked;
  });
}

/** Adds the occurrences in [materialisedUntil, until) as events of the series (a new series starts at its first start). */
function materialise(em: EntityManager, series: EventSeries, until: Date): void {
  if (until <= series.materialisedUntil) return;
  for (const startsAt of occurrenceStarts(series, series.materialisedUntil, until)) {
    em.create(Event, {
      id: crypto.randomUUID(), societyId: series.societyId, communityId: series.communityId, seriesId: series.id, title: series.title, kind: series.kind,
      startsAt, endsAt: new Date(startsAt.getTime() + series.durationMinutes * 60_000), timezone: series.timezone, online: series.online, venue: series.venue,
      capacity: series.capacity, cpdCredits: series.cpdCredits, evaluationRequired: false,
    });
  }
  series.materialisedUntil = until;
}
