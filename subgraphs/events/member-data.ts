import { LockMode } from "@mikro-orm/core";
import { erased, type MemberData } from "../../lib/data-rights.js";
import { Event } from "./event/event.entity.js";
import { Registration } from "./registration/registration.entity.js";
import { recordChanges } from "../../lib/outbox.js";
import { promoteWaitlist } from "./registration/registration.queue.js";

/** Registrations, attendance, CPD credit and evaluations. Erasure removes registrations and evaluations; a freed seat goes to the waitlist. */
export const eventsMemberData: MemberData = {
  records: {
    registrations: `select r.id, r.event_id, e.title, r.status, r.registered_at from registration r join event e on e.id = r.event_id where r.member_id = ? order by r.registered_at`,
    attendance: `select e.id as event_id, e.title, e.starts_at, e.cpd_credits from registration r join event e on e.id = r.event_id
                  where r.member_id = ? and r.status = 'ATTENDED' order by e.starts_at`,
    ratings: `select event_id, score, comment, kind, country, career_stage, created_at from event_rating where member_id = ? order by created_at`,
  },
  async erase(em, memberId) {
    const eventIds = [...new Set((await em.find(Registration, { memberId }, { fields: ["eventId"] })).map((registration) => registration.eventId))];
    // Locked in id order, so two erasures touching the same events cannot deadlock.
    const events = await em.find(Event, { id: { $in: eventIds } }, { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: "asc" } });
    const registrations = await erased(em, `delete from registration where member_id = ? returning 1`, memberId);
    const promoted = [];
    for (const event of events) promoted.push(...(await promoteWaitlist(em, event)));
    // Those promoted hear of it like any promotion; nothing is announced about the erased member.
    await recordChanges(em, promoted);
    return { registrations, ratings: await erased(em, `delete from event_rating where member_id = ? returning 1`, memberId) };
  },
};
