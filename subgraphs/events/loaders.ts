import DataLoader from "dataloader";
import type { EntityManager } from "../../lib/database.js";
import { feedbackSummaries, NO_FEEDBACK } from "../../lib/feedback.js";
import { loaderById, loaderOfLists, loaderOfParts, loaderOfValues } from "../../lib/loaders.js";
import { Event } from "./event/event.entity.js";
import { Registration, RegistrationStatus } from "./registration/registration.entity.js";

export interface SeatCounts {
  registered: number;
  waitlisted: number;
}

/** What of a member's events a field asks for: their registrations, or their CPD credits. */
type Part = "registrations" | "cpd";

interface PartRow {
  part: Part;
  key: string;
  row: Record<string, unknown>;
  event: Record<string, unknown> | null;
}

/** One DataLoader per batched lookup; created fresh for every request. */
export function createLoaders(em: EntityManager) {
  const eventById = loaderById((ids) => em.find(Event, { id: { $in: ids } }));
  /** A member page asks for registrations (with their events) and CPD credits at once: one SQL statement. */
  const attendance = loaderOfParts<Part, PartRow>(
    {
      // The sequence as text, as MikroORM keeps a bigint.
      registrations: (registrants) => ({
        sql: `select 'registrations' as part, r.member_id as key, to_jsonb(r) || jsonb_build_object('sequence', r.sequence::text) as row,
                     (select to_jsonb(e) from event e where e.id = r.event_id) as event, r.registered_at as sort_at, r.id
                from registration r where r.member_id in (?)`,
        params: [registrants],
      }),
      cpd: (earners) => ({
        sql: `select 'cpd' as part, r.member_id as key, jsonb_build_object('year', extract(year from e.starts_at)::int, 'credits', sum(e.cpd_credits)::float8) as row,
                     null::jsonb as event, null::timestamptz as sort_at, null::uuid as id
                from registration r join event e on e.id = r.event_id
               where r.status = ? and r.member_id in (?)
                 and (not e.evaluation_required or exists (select 1 from event_rating f where f.event_id = e.id and f.member_id = r.member_id))
               group by r.member_id, extract(year from e.starts_at)::int`,
        params: [RegistrationStatus.ATTENDED, earners],
      }),
    },
    // Registrations newest first, as every list of them is shown.
    "order by sort_at desc, id",
    (sql, params) => em.getConnection().execute<PartRow[]>(sql, params),
  );
  return {
    eventById,
    /** The events of every community on a page in one query, so a page of communities costs the same SQL whatever its size. */
    eventsByCommunity: loaderOfLists(
      (communityIds) => em.find(Event, { communityId: { $in: communityIds } }, { orderBy: { startsAt: "asc", id: "asc" } }),
      (event) => event.communityId!,
    ),
    occurrencesBySeries: loaderOfLists(
      (seriesIds) => em.find(Event, { seriesId: { $in: seriesIds } }, { orderBy: { startsAt: "asc", id: "asc" } }),
      (event) => event.seriesId!,
    ),
    registrationsByMember: {
      // The registrations' events prime their loader.
      load: async (memberId: string) =>
        (await attendance.load(`registrations:${memberId}`)).map(({ row, event }) => {
          if (event) eventById.prime(event.id as string, em.map(Event, event));
          return em.map(Registration, row);
        }),
    },
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
     * CPD credits of attended events for a member in a year (by start date, UTC), or in all years. An event that
     * requires evaluation credits only once the member's evaluation exists too, whichever came first.
     */
    cpdCredits: {
      load: async (memberId: string, year?: number | null) =>
        (await attendance.load(`cpd:${memberId}`))
          .map(({ row }) => row as { year: number; credits: number })
          .filter((row) => year == null || row.year === year)
          .reduce((total, row) => total + row.credits, 0),
    },
  };
}

export type EventsLoaders = ReturnType<typeof createLoaders>;
