import { DateTimeResolver } from "graphql-scalars";
import { Field, Float, ID, InputType, Int } from "type-graphql";
import { InputProblems } from "../../../lib/errors.js";
import { normaliseTimeZone } from "../../../lib/validators.js";
import { EventKind } from "./event.entity.js";

/** What an event and a series of events are both described by (a series gives each occurrence these). */
@InputType({ description: "What an event and a series of events are both described by." })
export class EventDetailsInput {
  @Field(() => String, { description: "Title, 1–255 characters." })
  title!: string;

  @Field(() => EventKind, { description: "What sort of event it is." })
  kind!: EventKind;

  @Field(() => String, { description: "IANA time zone, e.g. Australia/Sydney." })
  timezone!: string;

  @Field(() => Boolean, { description: "True for an online event; false requires a `venue`." })
  online!: boolean;

  @Field(() => String, { nullable: true, description: "Required for an event that is not online." })
  venue?: string | null;

  @Field(() => Int, { description: "Seats, a whole number from 1; registrations beyond it are waitlisted." })
  capacity!: number;

  @Field(() => Float, { description: "CPD credits (hours) earned by attending." })
  cpdCredits!: number;

  @Field(() => ID, { nullable: true, description: "A community the caller's society takes part in." })
  communityId?: string | null;
}

@InputType({ description: "A new event of the caller's society. Times are instants (UTC); timezone is the organiser's." })
export class CreateEventInput extends EventDetailsInput {
  @Field(() => DateTimeResolver, { description: "Start, ISO 8601 instant (UTC)." })
  startsAt!: Date;

  @Field(() => DateTimeResolver, { description: "End, ISO 8601 instant (UTC), after `startsAt`." })
  endsAt!: Date;

  @Field(() => Boolean, { nullable: true, description: "True to credit CPD only once the participant has also evaluated the event. Default false." })
  evaluationRequired?: boolean | null;
}

@InputType({ description: "Changes to an event; omitted fields keep their value. More seats promote the waitlist." })
export class UpdateEventInput {
  @Field(() => String, { description: "New title, 1–255 characters.", nullable: true })
  title?: string | null;

  @Field(() => DateTimeResolver, { description: "New start, ISO 8601 instant (UTC).", nullable: true })
  startsAt?: Date | null;

  @Field(() => DateTimeResolver, { description: "New end, ISO 8601 instant (UTC), after the start.", nullable: true })
  endsAt?: Date | null;

  @Field(() => String, { description: "New venue; null removes it (online events only).", nullable: true })
  venue?: string | null;

  @Field(() => Int, { nullable: true, description: "Not below the registrations already confirmed." })
  capacity?: number | null;

  @Field(() => Float, { description: "New CPD credits (hours).", nullable: true })
  cpdCredits?: number | null;

  @Field(() => Boolean, { nullable: true, description: "True to credit CPD only once the participant has also evaluated the event." })
  evaluationRequired?: boolean | null;
}

const MAX_CAPACITY = 100_000;
const MAX_CREDITS = 100;

export interface EventFields {
  title?: string;
  kind?: EventKind;
  startsAt?: Date;
  endsAt?: Date;
  timezone?: string;
  online?: boolean;
  venue?: string | null;
  capacity?: number;
  cpdCredits?: number;
  evaluationRequired?: boolean;
}

/** Checks an event as it would be after the change (`current` for updates), reporting every problem at once. */
export function validateEvent(input: Partial<CreateEventInput> | UpdateEventInput, current?: EventFields): EventFields {
  const problems = new InputProblems();
  const fields: EventFields = {};
  if (input.title != null) {
    const title = input.title.trim();
    if (title.length === 0 || title.length > 255) problems.add("title", "must have between 1 and 255 characters");
    else fields.title = title;
  }
  if ("kind" in input && input.kind) fields.kind = input.kind;
  if ("timezone" in input && input.timezone != null) fields.timezone = problems.check("timezone", input.timezone, normaliseTimeZone, "is not an IANA time zone");
  if ("online" in input && input.online != null) fields.online = input.online;
  if (input.venue !== undefined) fields.venue = input.venue?.trim() || null;
  if (input.startsAt) fields.startsAt = input.startsAt;
  if (input.endsAt) fields.endsAt = input.endsAt;
  if (input.capacity != null) {
    if (!Number.isInteger(input.capacity) || input.capacity < 1 || input.capacity > MAX_CAPACITY) problems.add("capacity", `must be a whole number from 1 to ${MAX_CAPACITY}`);
    else fields.capacity = input.capacity;
  }
  if (input.cpdCredits != null) {
    if (!(input.cpdCredits >= 0 && input.cpdCredits <= MAX_CREDITS)) problems.add("cpdCredits", `must be between 0 and ${MAX_CREDITS}`);
    else fields.cpdCredits = Math.round(input.cpdCredits * 100) / 100;
  }
  if ("evaluationRequired" in input && input.evaluationRequired != null) fields.evaluationRequired = input.evaluationRequired;
  const after = { ...current, ...fields };
  if (after.startsAt && after.endsAt && after.endsAt.getTime() <= after.startsAt.getTime()) problems.add("endsAt", "must be after startsAt");
  if (fields.startsAt && fields.startsAt.getTime() <= Date.now()) problems.add("startsAt", "must be in the future");
  if (after.online === false && !after.venue) problems.add("venue", "an event that is not online needs a venue");
  problems.throwIfAny();
  return fields;
}
