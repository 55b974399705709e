import { DateTimeResolver } from "graphql-scalars";
import { Field, InputType, Int } from "type-graphql";
import { InputProblems } from "../../../lib/errors.js";
import { EventDetailsInput, validateEvent, type EventFields } from "../event/event.input.js";
import { normaliseRecurrence } from "../../../lib/recurrence.js";

@InputType({ description: "A recurring series of the caller's society; occurrences are created a year ahead. The timezone is the one the rule runs in." })
export class CreateEventSeriesInput extends EventDetailsInput {
  @Field(() => String, { description: "RFC 5545 RRULE without DTSTART, FREQ of DAILY or coarser, e.g. FREQ=MONTHLY;BYDAY=1WE." })
  recurrence!: string;

  @Field(() => DateTimeResolver, { description: "Start of the first occurrence (UTC); its local time in `timezone` is every occurrence's." })
  firstStartsAt!: Date;

  @Field(() => Int, { description: "1 to 1440 minutes." })
  durationMinutes!: number;
}

export interface ValidSeries extends Required<Pick<EventFields, "title" | "kind" | "timezone" | "online" | "venue" | "capacity" | "cpdCredits">> {
  recurrence: string;
  firstStartsAt: Date;
  durationMinutes: number;
}

/** A series is checked as its first occurrence would be, plus the rule and the duration. */
export function validateSeries(input: CreateEventSeriesInput): ValidSeries {
  const problems = new InputProblems();
  const recurrence = problems.check("recurrence", input.recurrence, normaliseRecurrence, "is not an RRULE with FREQ of DAILY, WEEKLY, MONTHLY or YEARLY (RFC 5545, no DTSTART)");
  if (!Number.isInteger(input.durationMinutes) || input.durationMinutes < 1 || input.durationMinutes > 1440) problems.add("durationMinutes", "must be a whole number from 1 to 1440");
  problems.throwIfAny();
  const fields = validateEvent({ ...input, startsAt: input.firstStartsAt, endsAt: new Date(input.firstStartsAt.getTime() + input.durationMinutes * 60_000) });
  return { ...(fields as ValidSeries), recurrence: recurrence!, firstStartsAt: input.firstStartsAt, durationMinutes: input.durationMinutes, venue: fields.venue ?? null };
}
