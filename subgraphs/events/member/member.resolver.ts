import { Arg, Ctx, Directive, FieldResolver, Float, Int, Resolver, Root } from "type-graphql";
import { assumed } from "../../../lib/demand-control.js";
import { UNAVAILABLE } from "../../../lib/external.js";
import { isCallersMember } from "../../../lib/member-access.js";
import type { SubgraphContext } from "../../../lib/subgraph.js";
import type { EventsLoaders } from "../loaders.js";
import { Registration } from "../registration/registration.entity.js";
import { AttendingMember } from "./member.type.js";

type Context = SubgraphContext<EventsLoaders>;

const PRIVATE = "Registrations and CPD credit are the member's home society's; an organiser sees the registrations for its own events.";

@Resolver(() => AttendingMember)
export class AttendingMemberResolver {
  @FieldResolver(() => [Registration], { nullable: true, description: `The member's registrations, newest first. ${PRIVATE} ${UNAVAILABLE}` })
  @Directive(assumed(5))
  async registrations(@Root() member: AttendingMember, @Ctx() context: Context): Promise<Registration[] | null> {
    const { caller, loaders, memberAccess } = context;
    const access = await memberAccess.load(member.id);
    if (!access.visible) return null;
    if (caller.role !== "society") return [];
    const registrations = await loaders.registrationsByMember.load(member.id);
    if (isCallersMember(context, access)) return registrations;
    const events = await loaders.eventById.loadMany(registrations.map((registration) => registration.eventId));
    return registrations.filter((_registration, index) => {
      const event = events[index];
      return event && !(event instanceof Error) && event.societyId === caller.societyId;
    });
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description: `CPD credits from attended events, in one year (by start date, UTC) or in all; null for anyone but the member's home society. ${UNAVAILABLE}`,
  })
  async cpdCredits(
    @Root() member: AttendingMember,
    @Arg("year", () => Int, { nullable: true, description: "Calendar year (UTC) to count; default: all years." }) year: number | null,
    @Ctx() context: Context,
  ): Promise<number | null> {
    if (!isCallersMember(context, await context.memberAccess.load(member.id))) return null;
    return context.loaders.cpdCredits.load(member.id, year);
  }
}
