import { LockMode } from "@mikro-orm/core";
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { requireOwner, requireSocietyCaller } from "../../../lib/authz.js";
import { assertUuid, badUserInput, conflict, forbidden, notFound } from "../../../lib/errors.js";
import { HIDDEN_MEMBER } from "../../../lib/external.js";
import { isVisibleMember, requireHomeSociety } from "../../../lib/member-access.js";
import type { SubgraphContext } from "../../../lib/subgraph.js";
import { Event } from "../event/event.entity.js";
import type { EventsLoaders } from "../loaders.js";
import { AttendingMember } from "../member/member.type.js";
import { Registration, RegistrationStatus } from "./registration.entity.js";
import { recordChanges, type Change } from "../../../lib/outbox.js";
import { promoteWaitlist, registrationChange, seatsTaken } from "./registration.queue.js";

type Context = SubgraphContext<EventsLoaders>;
const { CONFIRMED, WAITLISTED, CANCELLED, ATTENDED } = RegistrationStatus;

@Resolver(() => Registration)
export class RegistrationResolver {
  @Query(() => Registration, {
    nullable: true,
    description: "One registration, for the society that registered the member or the event's organiser; null for anyone else (and for an unknown id).",
  })
  async registration(@Arg("id", () => ID, { description: "The registration's id." }) id: string, @Ctx() context: Context): Promise<Registration | null> {
    const { caller, em, loaders } = context;
    assertUuid("id", id);
    if (caller.role !== "society") return null;
    const registration = await em.findOne(Registration, { id });
    if (!registration) return null;
    if (registration.registeredBySocietyId === caller.societyId && (await isVisibleMember(context, registration.memberId))) return registration;
    return (await loaders.eventById.load(registration.eventId))?.societyId === caller.societyId ? registration : null;
  }

  @FieldResolver(() => Event, { description: "The event registered for." })
  async event(@Root() registration: Registration, @Ctx() { loaders }: SubgraphContext<EventsLoaders>): Promise<Event> {
    const event = await loaders.eventById.load(registration.eventId);
    if (!event) throw notFound("Event", registration.eventId);
    return event;
  }

  @FieldResolver(() => AttendingMember, { nullable: true, description: `${HIDDEN_MEMBER} The organiser sees who registered for its events.` })
  async member(@Root() registration: Registration, @Ctx() context: Context): Promise<AttendingMember | null> {
    const { caller, loaders } = context;
    const organiser = caller.role === "society" && (await loaders.eventById.load(registration.eventId))?.societyId === caller.societyId;
    return organiser || (await isVisibleMember(context, registration.memberId)) ? { id: registration.memberId } : null;
  }

  @Mutation(() => Registration, {
    description:
      "The member's home society registers them (for any society's event): CONFIRMED while seats remain, then WAITLISTED in arrival order. Refused for an event that has started, or a member already registered.",
  })
  async registerForEvent(@Arg("eventId", () => ID, { description: "The event, of any society." }) eventId: string, @Arg("memberId", () => ID, { description: "The member to register; the caller's society must be their home society." }) memberId: string, @Ctx() context: Context): Promise<Registration> {
    const { em } = context;
    requireSocietyCaller(context.caller);
    assertUuid("eventId", eventId);
    assertUuid("memberId", memberId);
    const societyId = await requireHomeSociety(context, memberId, "memberId");
    // The event row lock queues concurrent registrations, so seats are counted and given out one at a time.
    return em.transactional(async (tx) => {
      const event = await tx.findOne(Event, { id: eventId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!event) throw notFound("Event", eventId);
      if (event.startsAt.getTime() <= Date.now()) throw badUserInput([{ field: "eventId", message: "the event has already started" }]);
      const existing = await tx.findOne(Registration, { eventId, memberId });
      if (existing && existing.status !== CANCELLED) throw conflict(`The member is already registered (${existing.status})`, { field: "memberId", registrationId: existing.id });
      if (existing) {
        // Registering again after cancelling joins the end of the queue.
        tx.remove(existing);
        await tx.flush();
      }
      const status = (await seatsTaken(tx, eventId)) < event.capacity ? CONFIRMED : WAITLISTED;
      const registration = tx.create(Registration, { id: crypto.randomUUID(), eventId, memberId, status, registeredAt: new Date(), registeredBySocietyId: societyId } as Registration);
      await tx.flush();
      await recordChanges(tx, [registrationChange(registration, event)]);
      return registration;
    });
  }

  @Mutation(() => Registration, { description: "Cancels a registration; a freed seat goes to the first on the waitlist, in the same transaction." })
  async cancelRegistration(@Arg("id", () => ID, { description: "The registration to cancel (the member's home society's key)." }) id: string, @Ctx() { em, caller }: Context): Promise<Registration> {
    const societyId = requireSocietyCaller(caller);
    return withLockedRegistration(em, id, async (tx, registration, event) => {
      if (registration.registeredBySocietyId !== societyId && event.societyId !== societyId) {
        throw forbidden("Only the society that registered the member, or the organiser, may cancel");
      }
      if (registration.status !== CONFIRMED && registration.status !== WAITLISTED) {
        throw badUserInput([{ field: "id", message: `a ${registration.status} registration cannot be cancelled` }]);
      }
      const freedSeat = registration.status === CONFIRMED;
      registration.status = CANCELLED;
      await tx.flush();
      return [registrationChange(registration, event), ...(freedSeat ? await promoteWaitlist(tx, event) : [])];
    });
  }

  @Mutation(() => Registration, { description: "The organiser records that a confirmed member attended; CPD credits follow — for an event with `evaluationRequired`, once the member's evaluation (rateEvent) exists too, whichever comes first." })
  async recordAttendance(@Arg("registrationId", () => ID, { description: "The registration that attended (the organising society's key, once the event has started)." }) registrationId: string, @Ctx() { em, caller }: Context): Promise<Registration> {
    requireSocietyCaller(caller);
    return withLockedRegistration(em, registrationId, async (_tx, registration, event) => {
      requireOwner(caller, event.societyId, "event");
      if (event.startsAt.getTime() > Date.now()) throw badUserInput([{ field: "registrationId", message: "the event has not started yet" }]);
      if (registration.status !== CONFIRMED) throw badUserInput([{ field: "registrationId", message: `a ${registration.status} registration cannot be marked attended` }]);
      registration.status = ATTENDED;
      return [registrationChange(registration, event)];
    }, "registrationId");
  }
}

/**
 * Locks the registration's event (the same lock registrations queue on), then runs a change, records what
 * it changed in the outbox, and returns the registration.
 */
async function withLockedRegistration(
  em: Context["em"],
  id: string,
  change: (tx: Context["em"], registration: Registration, event: Event) => Promise<Change[]>,
  field = "id",
): Promise<Registration> {
  assertUuid(field, id);
  const found = await em.findOne(Registration, { id });
  if (!found) throw notFound("Registration", id);
  return em.transactional(async (tx) => {
    const event = await tx.findOneOrFail(Event, { id: found.eventId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const registration = await tx.findOneOrFail(Registration, { id }, { refresh: true });
    const changes = await change(tx, registration, event);
    await tx.flush();
    await recordChanges(tx, changes);
    return registration;
  });
}
