import { defineEntity, p } from "@mikro-orm/core";
import { DateTimeResolver } from "graphql-scalars";
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";

export enum RegistrationStatus {
  CONFIRMED = "CONFIRMED",
  WAITLISTED = "WAITLISTED",
  CANCELLED = "CANCELLED",
  ATTENDED = "ATTENDED",
}
registerEnumType(RegistrationStatus, { name: "RegistrationStatus" });

@ObjectType({ description: "A member's place (or place in the queue) at an event." })
export class Registration {
  @Field(() => ID)
  id!: string;

  /** Exposed as `event`. */
  eventId!: string;

  /** Exposed as `member`. */
  memberId!: string;

  @Field(() => RegistrationStatus)
  status!: RegistrationStatus;

  @Field(() => DateTimeResolver)
  registeredAt!: Date;

  /** Arrival order, assigned by the database: the waitlist is served in this order. */
  sequence!: string;

  /** The society whose key registered the member; it (or the organiser) may cancel. */
  registeredBySocietyId!: string | null;
}

export const RegistrationSchema = defineEntity({
  class: Registration,
  tableName: "registration",
  properties: {
    id: p.uuid().primary(),
    eventId: p.uuid(),
    memberId: p.uuid().index(),
    status: p.enum(() => RegistrationStatus),
    registeredAt: p.datetime(),
    sequence: p.bigint().autoincrement(),
    registeredBySocietyId: p.uuid().nullable(),
  },
  uniques: [{ properties: ["eventId", "memberId"] }],
  indexes: [
    { name: "registration_event_id_status_index", properties: ["eventId", "status"] },
    { name: "registration_queue_index", properties: ["eventId", "status", "sequence"] },
  ],
});
