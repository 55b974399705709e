import { defineEntity, p } from "@mikro-orm/core";
import { DateTimeResolver } from "graphql-scalars";
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";

export enum RegistrationStatus {
  CONFIRMED = "CONFIRMED",
  WAITLISTED = "WAITLISTED",
  CANCELLED = "CANCELLED",
  ATTENDED = "ATTENDED",
}
registerEnumType(RegistrationStatus, {
  name: "RegistrationStatus",
  description: "Where a registration stands.",
  valuesConfig: {
    CONFIRMED: { description: "Has a seat." },
    WAITLISTED: { description: "Waiting for a seat, in arrival order; promoted when a confirmed registration is cancelled or capacity grows." },
    CANCELLED: { description: "Cancelled by the member's society; frees the seat." },
    ATTENDED: { description: "The organiser recorded attendance; counts towards `Member.cpdCredits`." },
  },
});

@ObjectType({ description: "A member's place (or place in the queue) at an event." })
export class Registration {
  @Field(() => ID, { description: "Identifier (UUID); stable, safe to keep in a partner's own records." })
  id!: string;

  /** Exposed as `event`. */
  eventId!: string;

  /** Exposed as `member`. */
  memberId!: string;

  @Field(() => RegistrationStatus, { description: "Seat, waitlist, cancellation or recorded attendance." })
  status!: RegistrationStatus;

  @Field(() => DateTimeResolver, { description: "When the registration was made (UTC); the waitlist is in this order." })
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
