import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { HIDDEN_MEMBER } from "../../../lib/external.js";
import { notFound } from "../../../lib/errors.js";
import type { SubgraphContext } from "../../../lib/subgraph.js";
import { Event } from "../event/event.entity.js";
import type { EventsLoaders } from "../loaders.js";
import { AttendingMember } from "../member/member.type.js";
import { Registration } from "./registration.entity.js";

@Resolver(() => Registration)
export class RegistrationResolver {
  @FieldResolver(() => Event)
  async event(@Root() registration: Registration, @Ctx() { loaders }: SubgraphContext<EventsLoaders>): Promise<Event> {
    const event = await loaders.eventById.load(registration.eventId);
    if (!event) throw notFound("Event", registration.eventId);
    return event;
  }

  @FieldResolver(() => AttendingMember, { nullable: true, description: HIDDEN_MEMBER })
  member(@Root() registration: Registration): AttendingMember {
    return { id: registration.memberId };
  }
}
