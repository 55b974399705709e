import { defineEntity, p } from "@mikro-orm/core";
import { DateTimeResolver } from "graphql-scalars";
import { Directive, Field, Float, ID, Int, ObjectType, registerEnumType } from "type-graphql";

export enum EventKind {
  WEBINAR = "WEBINAR",
  WORKSHOP = "WORKSHOP",
  CONFERENCE_SESSION = "CONFERENCE_SESSION",
  SPEED_MENTORING = "SPEED_MENTORING",
  CAREER_LUNCH = "CAREER_LUNCH",
  JOURNAL_CLUB = "JOURNAL_CLUB",
  CASE_DISCUSSION = "CASE_DISCUSSION",
}
registerEnumType(EventKind, {
  name: "EventKind",
  description: "What sort of event it is.",
  valuesConfig: {
    WEBINAR: { description: "A talk streamed online." },
    WORKSHOP: { description: "Hands-on session in small groups." },
    CONFERENCE_SESSION: { description: "A session within a conference." },
    SPEED_MENTORING: { description: "Short rotating mentoring conversations." },
    CAREER_LUNCH: { description: "Informal career conversation over a meal." },
    JOURNAL_CLUB: { description: "Discussion of a published paper." },
    CASE_DISCUSSION: { description: "Discussion of a clinical or teaching case." },
  },
});

@ObjectType({ description: "A webinar, workshop, career lunch or other society event." })
@Directive('@key(fields: "id")')
export class Event {
  @Field(() => ID, { description: "Identifier (UUID); stable, safe to keep in a partner's own records." })
  id!: string;

  /** Organising society; exposed as `society`. */
  societyId!: string;

  @Field(() => String, { description: "Title as the organiser wrote it." })
  title!: string;

  @Field(() => EventKind, { description: "What sort of event it is." })
  kind!: EventKind;

  @Field(() => DateTimeResolver, { description: "Start, UTC." })
  startsAt!: Date;

  @Field(() => DateTimeResolver, { description: "End, UTC." })
  endsAt!: Date;

  @Field(() => String, { description: "The organiser's IANA time zone, for showing local times." })
  timezone!: string;

  @Field(() => Boolean, { description: "True when the event happens online (then `venue` may be null)." })
  online!: boolean;

  @Field(() => String, { description: "Where it takes place; null for online events without one.", nullable: true })
  venue!: string | null;

  @Field(() => Int, { description: "Seats; registrations beyond it are waitlisted." })
  capacity!: number;

  @Field(() => Float, { description: "CPD credits (hours) earned by attending." })
  cpdCredits!: number;

  @Field(() => Boolean, { description: "True when CPD credit needs the participant's evaluation (rateEvent) as well as recorded attendance." })
  evaluationRequired!: boolean;

  /** The community the event is for, verified with the communities subgraph when set; exposed as `community`. */
  communityId!: string | null;

  /** The series this event is an occurrence of. */
  seriesId!: string | null;

  /** Its WEBINAR_RECORDING work in scholarship, verified there when linked; exposed as `recording`. */
  recordingWorkId!: string | null;
}

export const EventSchema = defineEntity({
  class: Event,
  tableName: "event",
  properties: {
    id: p.uuid().primary(),
    societyId: p.uuid().index(),
    title: p.string(),
    kind: p.enum(() => EventKind),
    startsAt: p.datetime(),
    endsAt: p.datetime(),
    timezone: p.string(),
    online: p.boolean(),
    venue: p.string().nullable(),
    capacity: p.integer(),
    cpdCredits: p.double(),
    evaluationRequired: p.boolean().default(false),
    communityId: p.uuid().nullable().index(),
    seriesId: p.uuid().nullable(),
    recordingWorkId: p.uuid().nullable(),
  },
  // One occurrence per start: extending a series twice at once adds nothing twice.
  uniques: [{ name: "event_series_id_starts_at_unique", properties: ["seriesId", "startsAt"] }],
  indexes: [{ name: "event_starts_at_id_index", properties: ["startsAt", "id"] }],
  checks: [
    { name: "event_times_check", expression: `"ends_at" > "starts_at"` },
    { name: "event_capacity_check", expression: `"capacity" >= 0` },
  ],
});
