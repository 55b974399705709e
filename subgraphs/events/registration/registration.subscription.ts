import { Arg, ID, Resolver, Root, Subscription } from "type-graphql";
import { Event } from "../event/event.entity.js";
import { Registration } from "./registration.entity.js";

/** Declared here, where the changes happen, so they compose into the supergraph; the gateway serves them (lib/outbox.ts). */
@Resolver()
export class EventsSubscriptions {
  @Subscription(() => Registration, {
    topics: "registration.changed",
    description: "A registration of the member changed status (registered, promoted from the waitlist, cancelled, attended). For the member's home society and, for its own events, the organiser.",
  })
  registrationChanged(@Arg("memberId", () => ID, { description: "The member whose registrations to follow." }) _memberId: string, @Root() registration: Registration): Registration {
    return registration;
  }

  @Subscription(() => Event, { topics: "event.changed", description: "The event changed (time, capacity, venue…)." })
  eventChanged(@Arg("eventId", () => ID, { description: "The event to follow." }) _eventId: string, @Root() event: Event): Event {
    return event;
  }
}
