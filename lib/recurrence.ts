import rrule from "rrule";
import { fromWallClock, toWallClock } from "./zoned-time.js";

// rrule is CommonJS: Node's ESM loader sees only its default export.
const { Frequency, RRule } = rrule;

/** Occurrences are materialised this far ahead, and extended as time passes. */
export const HORIZON_DAYS = 366;
/** A series produces at most this many occurrences in its horizon (a daily series fits). */
export const MAX_OCCURRENCES = 400;
const DAY = 86_400_000;

/**
 * An RRULE (RFC 5545) as rrule reads it, or null: FREQ required and no finer than DAILY (a series of webinars,
 * not a timer); DTSTART and TZID come from the series, never from the rule.
 */
export function normaliseRecurrence(value: string): string | null {
  const rule = value.trim().replace(/^RRULE:/i, "");
  if (rule.length === 0 || rule.length > 255 || /[\r\n]/.test(rule) || /DTSTART|TZID/i.test(rule)) return null;
  try {
    const options = RRule.parseString(rule);
    if (options.freq === undefined || ![Frequency.YEARLY, Frequency.MONTHLY, Frequency.WEEKLY, Frequency.DAILY].includes(options.freq)) return null;
    return RRule.optionsToString(options).replace(/^RRULE:/, "");
  } catch {
    return null;
  }
}

/**
 * Start instants of a series' occurrences in [from, to): the rule runs on wall-clock time in the series' zone
 * (so a webinar at 18:00 Sydney time stays at 18:00 across daylight saving) and each time is then placed
 * in UTC.
 */
export function occurrenceStarts(series: { recurrence: string; timezone: string; firstStartsAt: Date }, from: Date, to: Date): Date[] {
  const rule = new RRule({ ...RRule.parseString(series.recurrence), dtstart: toWallClock(series.firstStartsAt, series.timezone) });
  // Widened by a day either side in wall-clock terms, then cut exactly in UTC.
  const walls = rule.between(new Date(from.getTime() - DAY), new Date(to.getTime() + DAY), true);
  return walls
    .map((wall) => fromWallClock(wall, series.timezone))
    .filter((start) => start >= from && start < to && start >= series.firstStartsAt)
    .slice(0, MAX_OCCURRENCES);
}

export function horizon(now: Date): Date {
  return new Date(now.getTime() + HORIZON_DAYS * DAY);
}
