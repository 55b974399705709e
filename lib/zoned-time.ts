/**
 * Wall-clock times in an IANA zone, from Intl (no time-zone library is installed): what a recurring series
 * needs to keep "18:00 in Sydney" at 18:00 across daylight-saving changes, and what a VTIMEZONE lists.
 */

import { BoundedMap } from "./bounded.js";

/** One formatter per zone: building one costs far more than using it. Zones are validated IANA names, so few. */
const formatters = new BoundedMap<string, Intl.DateTimeFormat>("zone_formatters", { capacity: 1000 });

function formatter(zone: string): Intl.DateTimeFormat {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
    formatters.set(zone, format);
  }
  return format;
}

/** The zone's offset from UTC at an instant, in minutes (Sydney in January: +660). */
export function offsetMinutes(instant: Date, zone: string): number {
  const parts = Object.fromEntries(formatter(zone).formatToParts(instant).map((part) => [part.type, part.value]));
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return Math.round((wall - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** The wall-clock time at an instant, as a Date whose UTC fields read it (the "floating" form rrule works in). */
export function toWallClock(instant: Date, zone: string): Date {
  return new Date(instant.getTime() + offsetMinutes(instant, zone) * 60_000);
}

/**
 * The instant a wall-clock time (UTC fields of `wall`) happens in the zone. In a gap (the hour skipped when
 * clocks go forward) it moves on by the gap, as RFC 5545 says; a repeated hour is read in the offset in
 * force just after it (series start on the hour, in the evening, far from either).
 */
export function fromWallClock(wall: Date, zone: string): Date {
  const near = offsetMinutes(wall, zone);
  const guess = new Date(wall.getTime() - near * 60_000);
  const actual = offsetMinutes(guess, zone);
  return actual === near ? guess : new Date(wall.getTime() - actual * 60_000);
}

const HOUR = 3_600_000;

/** A zone's offset for one whole UTC hour, kept while that hour lasts. */
const hourlyOffsets = new BoundedMap<string, { hour: number; minutes: number }>("zone_offsets", { capacity: 1000 });

/**
 * `offsetMinutes`, remembered per zone and UTC hour: scoring hundreds of mentors asks the same few zones at
 * the same moment. An hour whose offset differs at its start and end holds a transition and is not
 * remembered, so the answer is always the one `offsetMinutes` gives.
 */
export function hourlyOffsetMinutes(instant: Date, zone: string): number {
  const hour = Math.floor(instant.getTime() / HOUR);
  const known = hourlyOffsets.get(zone);
  if (known?.hour === hour) return known.minutes;
  const start = offsetMinutes(new Date(hour * HOUR), zone);
  const end = offsetMinutes(new Date((hour + 1) * HOUR - 1000), zone);
  if (start !== end) return offsetMinutes(instant, zone);
  hourlyOffsets.set(zone, { hour, minutes: start });
  return start;
}

export interface ZoneTransition {
  /** First instant of the new offset. */
  at: Date;
  fromMinutes: number;
  toMinutes: number;
}

/** Every change of the zone's offset between two instants (found hourly, then to the minute). */
export function transitions(zone: string, from: Date, to: Date): ZoneTransition[] {
  const found: ZoneTransition[] = [];
  let previous = offsetMinutes(from, zone);
  for (let time = from.getTime() + HOUR; time <= to.getTime(); time += HOUR) {
    const current = offsetMinutes(new Date(time), zone);
    if (current === previous) continue;
    let low = time - HOUR;
    let high = time;
    while (high - low > 60_000) {
      const middle = low + Math.floor((high - low) / 120_000) * 60_000;
      if (offsetMinutes(new Date(middle), zone) === previous) low = middle;
      else high = middle;
    }
    found.push({ at: new Date(high), fromMinutes: previous, toMinutes: current });
    previous = current;
  }
  return found;
}
