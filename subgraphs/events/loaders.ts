import DataLoader from "dataloader";
import type { EntityManager } from "../../lib/database.js";
import { feedbackSummaries, NO_FEEDBACK } from "../../lib/feedback.js";
import { loaderById, loaderOfLists, loaderOfValues } from "../../lib/loaders.js";
import { Event } from "./event/event.entity.js";
import { Registration, RegistrationStatus } from "./registration/registration.entity.js";

export interface SeatCounts {
  registered: number;
  waitlisted: number;
}

/** One DataLoader per batched lookup; created fresh for every request. */
export function createLoaders(em: EntityManager) {
  return {
    eventById: loaderById((ids) => em.find(Event, { id: { $in: ids } })),
    /** The events of every community on a page in one query, so a page of communities costs the same SQL whatever its size. */
    eventsByCommunity: loaderOfLists(
      (communityIds) => em.find(Event, { communityId: { $in: communityIds } }, { orderBy: { startsAt: "asc", id: "asc" } }),
      (event) => event.communityId!,
    ),
    occurrencesBySeries: loaderOfLists(
      (seriesIds) => em.find(Event, { seriesId: { $in: seriesIds } }, { orderBy: { startsAt: "asc", id: "asc" } }),
      (event) => event.seriesId!,
    ),
    registrationsByMember: loaderOfLists(
      (memberIds) => em.find(Registration, { memberId: { $in: memberIds } }, { orderBy: { registeredAt: "desc", id: "asc" } }),
      (registration) => registration.memberId,
    ),
    seatsByEvent: loaderOfValues<SeatCounts>(async (eventIds) => {
      const rows = await em.getConnection().execute<{ event_id: string; registered: string; waitlisted: string }[]>(
        `select event_id,
                count(*) filter (where status in (?, ?)) as registered,
                count(*) filter (where status = ?) as waitlisted
           from registration where event_id in (?) group by event_id`,
        [RegistrationStatus.CONFIRMED, RegistrationStatus.ATTENDED, RegistrationStatus.WAITLISTED, eventIds],
      );
      return new Map(rows.map((row) => [row.event_id, { registered: Number(row.registered), waitlisted: Number(row.waitlisted) }]));
    }, { registered: 0, waitlisted: 0 }),
    feedbackByEvent: loaderOfValues((eventIds) => feedbackSummaries(em, "event_rating", "event_id", eventIds), NO_FEEDBACK),
    /** Whether a member has evaluated an event, keyed by "eventId:memberId". */
    evaluated: new DataLoader<string, boolean>(async (keys) => {
      const pairs = keys.map((key) => key.split(":") as [string, string]);
      const rows = await em.getConnection().execute<{ event_id: string; member_id: string }[]>(
        `select event_id, member_id from event_rating where member_id in (?) and event_id in (?)`,
        [[...new Set(pairs.map(([, memberId]) => memberId))], [...new Set(pairs.map(([eventId]) => eventId))]],
      );
      const found = new Set(rows.map((row) => `${row.event_id}:${row.member_id}`));
      return keys.map((key) => found.has(key));
    }),
    /**
     * CPD credits of attended events per member, keyed by "memberId:year" (year 0 = all years). An event that
     * requires evaluation credits only once the member's evaluation exists too, whichever came first.
     */
    cpdCredits: new DataLoader<string, number>(async (keys) => {
      const pairs = keys.map((key) => key.split(":") as [string, string]);
      const rows = await em.getConnection().execute<{ member_id: string; year: number; credits: number }[]>(
        `select r.member_id, extract(year from e.starts_at)::int as year, sum(e.cpd_credits)::float8 as credits
           from registration r join event e on e.id = r.event_id
          where r.status = ? and r.member_id in (?)
            and (not e.evaluation_required or exists (select 1 from event_rating f where f.event_id = e.id and f.member_id = r.member_id))
          group by r.member_id, year`,
        [RegistrationStatus.ATTENDED, [...new Set(pairs.map(([memberId]) => memberId))]],
      );
      return pairs.map(([memberId, year]) =>
        rows
          .filter((row) => row.member_id === memberId && (year === "0" || row.year === Number(year)))
          .reduce((total, row) => total + row.credits, 0),
      );
    }),
  };
}

export type EventsLoaders = ReturnType<typeof createLoaders>;
