import { describe, expect, it } from "vitest";
import { hourlyOffsetMinutes, transitions } from "../../lib/zoned-time.js";

/** How matching read a zone's offset before issue 20: a new formatter per call, its "GMT+hh:mm" parsed. */
function referenceOffset(zone: string, at: Date): number {
  const name = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" }).formatToParts(at).find((part) => part.type === "timeZoneName")!.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0;
  return (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

/** Zones whose clocks change, by whole, half and three-quarter hours, north and south. */
const CHANGING_ZONES = ["Europe/London", "Europe/Lisbon", "America/New_York", "America/St_Johns", "America/Havana", "America/Santiago", "Australia/Sydney", "Australia/Lord_Howe", "Pacific/Chatham", "Africa/Casablanca"];

describe("zone offsets remembered per hour", () => {
  it("should give every zone's offset as a fresh formatter does, also in the hours its clocks change", () => {
    const from = new Date("2026-01-01T00:00:00Z");
    const to = new Date("2027-01-01T00:00:00Z");
    for (const zone of Intl.supportedValuesOf("timeZone")) {
      for (const at of [from, new Date("2026-07-01T12:34:00Z")]) expect(hourlyOffsetMinutes(at, zone), `${zone} at ${at.toISOString()}`).toBe(referenceOffset(zone, at));
    }
    let changes = 0;
    for (const zone of CHANGING_ZONES) {
      const moments: Date[] = [];
      for (const change of transitions(zone, from, to)) {
        changes++;
        // Before, at and after the change, and again inside the same hour once the hour is remembered.
        for (const minutes of [-61, -30, -1, 0, 1, 29, 59, 60]) moments.push(new Date(change.at.getTime() + minutes * 60_000));
      }
      for (const at of [...moments, ...moments]) expect(hourlyOffsetMinutes(at, zone), `${zone} at ${at.toISOString()}`).toBe(referenceOffset(zone, at));
    }
    expect(changes).toBeGreaterThanOrEqual(2 * CHANGING_ZONES.length);
  });
});
