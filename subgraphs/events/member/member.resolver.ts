import { Arg, Ctx, Directive, FieldResolver, Float, Int, Resolver, Root } from "type-graphql";
import { assumed } from "../../../lib/demand-control.js";
import { UNAVAILABLE } from "../../../lib/external.js";
import type { SubgraphContext } from "../../../lib/subgraph.js";
import type { EventsLoaders } from "../loaders.js";
import { Registration } from "../registration/registration.entity.js";
import { AttendingMember } from "./member.type.js";

type Context = SubgraphContext<EventsLoaders>;

@Resolver(() => AttendingMember)
export class AttendingMemberResolver {
  @FieldResolver(() => [Registration], { nullable: true, description: `The member's registrations, newest first. ${UNAVAILABLE}` })
  @Directive(assumed(5))
  registrations(@Root() member: AttendingMember, @Ctx() { loaders }: Context): Promise<Registration[]> {
    return loaders.registrationsByMember.load(member.id);
  }

  @FieldResolver(() => Float, { nullable: true, description: `CPD credits from attended events, in one year (by start date, UTC) or in all. ${UNAVAILABLE}` })
  cpdCredits(
    @Root() member: AttendingMember,
    @Arg("year", () => Int, { nullable: true }) year: number | null,
    @Ctx() { loaders }: Context,
  ): Promise<number> {
    return loaders.cpdCredits.load(`${member.id}:${year ?? 0}`);
  }
}
