import type { EntityManager } from "../../../lib/database.js";
import type { Event } from "../event/event.entity.js";
import { RegistrationStatus } from "./registration.entity.js";

const { CONFIRMED, ATTENDED, WAITLISTED } = RegistrationStatus;

/** Seats in use: confirmed and attended registrations. Call it with the event row locked. */
export async function seatsTaken(em: EntityManager, eventId: string): Promise<number> {
  const [row] = await em.execute<{ taken: string }[]>(`select count(*) as taken from registration where event_id = ? and status in (?, ?)`, [eventId, CONFIRMED, ATTENDED]);
  return Number(row?.taken ?? 0);
}

/** Confirms waitlisted registrations, first come first served, while seats are free. Call it with the event row locked. */
export async function promoteWaitlist(em: EntityManager, event: Event): Promise<void> {
  await em.execute(
    `update registration set status = ? where id in (
       select id from registration where event_id = ? and status = ? order by sequence
        limit greatest(0, ? - (select count(*) from registration where event_id = ? and status in (?, ?))))`,
    [CONFIRMED, event.id, WAITLISTED, event.capacity, event.id, CONFIRMED, ATTENDED],
  );
}
