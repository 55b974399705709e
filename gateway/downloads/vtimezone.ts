import { offsetMinutes, toWallClock, transitions } from "../../lib/zoned-time.js";

const YEAR = 365.25 * 86_400_000;

/** "+1000", "-0330". */
function utcOffset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const absolute = Math.abs(minutes);
  return `${sign}${String(Math.floor(absolute / 60)).padStart(2, "0")}${String(absolute % 60).padStart(2, "0")}`;
}

/** 20260405T030000: a wall-clock time (UTC fields) in iCalendar's local form. */
function localStamp(wall: Date): string {
  return wall.toISOString().replace(/[-:]/g, "").slice(0, 15);
}

/**
 * A VTIMEZONE (RFC 5545 §3.6.5) for an IANA zone, from the year before `from` to two years after `to`: one
 * observance per offset change that Intl reports, so a calendar places a series' RRULE at the organiser's
 * local time on both sides of each daylight-saving change. Written out rather than as rules, since no
 * time-zone library is installed; ical-generator takes it through its `generator` hook.
 */
export function vtimezone(zone: string, from: Date, to: Date): string {
  const start = new Date(from.getTime() - YEAR);
  const changes = transitions(zone, start, new Date(to.getTime() + 2 * YEAR));
  const lines = ["BEGIN:VTIMEZONE", `TZID:${zone}`];
  const observance = (kind: string, wall: Date, fromMinutes: number, toMinutes: number) =>
    lines.push(`BEGIN:${kind}`, `DTSTART:${localStamp(wall)}`, `TZOFFSETFROM:${utcOffset(fromMinutes)}`, `TZOFFSETTO:${utcOffset(toMinutes)}`, `END:${kind}`);
  const initial = offsetMinutes(start, zone);
  observance("STANDARD", toWallClock(start, zone), initial, initial);
  for (const change of changes) {
    // Local time of the change as the clock read just before it (the offset it leaves).
    const wall = new Date(change.at.getTime() + change.fromMinutes * 60_000);
    observance(change.toMinutes > change.fromMinutes ? "DAYLIGHT" : "STANDARD", wall, change.fromMinutes, change.toMinutes);
  }
  lines.push("END:VTIMEZONE");
  return lines.join("\r\n");
}
