import { defineEntity, p } from "@mikro-orm/core";
import { DateTimeResolver } from "graphql-scalars";
import { Directive, Field, Float, ID, Int, ObjectType } from "type-graphql";
import { EventKind } from "../event/event.entity.js";

@ObjectType({ description: "A recurring series of events (a monthly webinar): one RRULE in the organiser's zone, its occurrences materialised as events a year ahead." })
@Directive('@key(fields: "id")')
export class EventSeries {
  @Field(() => ID, { description: "Identifier (UUID); stable, safe to keep in a partner's own records." })
  id!: string;

  /** Organising society; exposed as `society`. */
  societyId!: string;

  /** Exposed as `community`. */
  communityId!: string | null;

  @Field(() => String, { description: "Title of every occurrence." })
  title!: string;

  @Field(() => EventKind, { description: "What sort of event each occurrence is." })
  kind!: EventKind;

  @Field(() => String, { description: "RFC 5545 RRULE (without DTSTART), e.g. FREQ=MONTHLY;BYDAY=+1WE." })
  recurrence!: string;

  @Field(() => String, { description: "IANA zone the rule runs in: occurrences keep their local time across daylight saving." })
  timezone!: string;

  @Field(() => DateTimeResolver, { description: "Start of the first occurrence, UTC." })
  firstStartsAt!: Date;

  @Field(() => Int, { description: "Length of each occurrence, in minutes." })
  durationMinutes!: number;

  @Field(() => Boolean, { description: "True when the occurrences happen online." })
  online!: boolean;

  @Field(() => String, { description: "Where the occurrences take place; null for online series without one.", nullable: true })
  venue!: string | null;

  @Field(() => Int, { description: "Seats of each occurrence." })
  capacity!: number;

  @Field(() => Float, { description: "CPD credits of each occurrence." })
  cpdCredits!: number;

  /** Occurrences exist as events up to here; extended as time passes. */
  materialisedUntil!: Date;
}

export const EventSeriesSchema = defineEntity({
  class: EventSeries,
  tableName: "event_series",
  properties: {
    id: p.uuid().primary(),
    societyId: p.uuid().index(),
    communityId: p.uuid().nullable().index(),
    title: p.string(),
    kind: p.enum(() => EventKind),
    recurrence: p.string(),
    timezone: p.string(),
    firstStartsAt: p.datetime(),
    durationMinutes: p.integer(),
    online: p.boolean(),
    venue: p.string().nullable(),
    capacity: p.integer(),
    cpdCredits: p.double(),
    materialisedUntil: p.datetime(),
  },
});
