import type { EntityManager } from "../../../lib/database.js";
import type { Change } from "../../../lib/outbox.js";
import type { Event } from "../event/event.entity.js";
import { RegistrationStatus, type Registration } from "./registration.entity.js";

const { CONFIRMED, ATTENDED, WAITLISTED } = RegistrationStatus;

/** Seats in use: confirmed and attended registrations. Call it with the event row locked. */
export async function seatsTaken(em: EntityManager, eventId: string): Promise<number> {
  const [row] = await em.execute<{ taken: string }[]>(`select count(*) as taken from registration where event_id = ? and status in (?, ?)`, [eventId, CONFIRMED, ATTENDED]);
  return Number(row?.taken ?? 0);
}

/**
 * Confirms waitlisted registrations, first come first served, while seats are free. Call it with the event
 * row locked. Returns the promotions as changes for the outbox.
 */
export async function promoteWaitlist(em: EntityManager, event: Event): Promise<Change[]> {
  const promoted = await em.execute<{ id: string; member_id: string; registered_by_society_id: string | null }[]>(
    `update registration set status = ? where id in (
       select id from registration where event_id = ? and status = ? order by sequence
        limit greatest(0, ? - (select count(*) from registration where event_id = ? and status in (?, ?))))
     returning id, member_id, registered_by_society_id`,
    [CONFIRMED, event.id, WAITLISTED, event.capacity, event.id, CONFIRMED, ATTENDED],
  );
  return promoted.map((row) => registrationChange({ id: row.id, memberId: row.member_id, registeredBySocietyId: row.registered_by_society_id, status: CONFIRMED }, event));
}

/**
 * A registration's new status, told to the member's home society (which registered them) and the organiser:
 * ids and the status only.
 */
export function registrationChange(registration: Pick<Registration, "id" | "memberId" | "registeredBySocietyId" | "status">, event: Event): Change {
  return {
    topic: "registration.changed",
    entityId: registration.id,
    memberIds: [registration.memberId],
    societyIds: [...new Set([registration.registeredBySocietyId, event.societyId].filter((id): id is string => id !== null))],
    data: { registrationId: registration.id, eventId: event.id, memberId: registration.memberId, status: registration.status },
  };
}

/** The societies that registered members for the event who still hold a place or wait for one. */
export async function societiesRegisteredFor(em: EntityManager, eventId: string): Promise<string[]> {
  const rows = await em.execute<{ society_id: string }[]>(
    `select distinct registered_by_society_id as society_id from registration where event_id = ? and status in (?, ?) and registered_by_society_id is not null`,
    [eventId, CONFIRMED, WAITLISTED],
  );
  return rows.map((row) => row.society_id);
}
