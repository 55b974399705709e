import ICAL from "ical.js";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDemoNetwork, DEMO_SOCIETIES } from "../seed/demo-network.js";
import { send, startTestNetwork, type TestNetwork } from "./support/network.js";
import { copyMembers } from "./support/members.js";
import { countRows, sqlRows } from "./support/rows.js";

let network: TestNetwork;
beforeAll(async () => {
  network = await startTestNetwork();
});
afterAll(() => network?.stop());

const demo = buildDemoNetwork();
const AHEA = DEMO_SOCIETIES[3];
const DAY = 24 * 3600_000;
const inDays = (days: number, hours = 0) => new Date(Date.now() + days * DAY + hours * 3600_000).toISOString();
const CREATE = `mutation ($input: CreateEventInput!) { createEvent(input: $input) { id title kind startsAt endsAt timezone online venue capacity cpdCredits icsUrl society { slug } } }`;
const REGISTER = `mutation ($event: ID!, $member: ID!) { registerForEvent(eventId: $event, memberId: $member) { id status registeredAt } }`;
const CANCEL = `mutation ($id: ID!) { cancelRegistration(id: $id) { id status } }`;
const webinar = (overrides: Record<string, unknown> = {}) => ({
  title: "Webinar: feedback conversations that work", kind: "WEBINAR", startsAt: inDays(10), endsAt: inDays(10, 1.5),
  timezone: "Australia/Sydney", online: true, capacity: 2, cpdCredits: 1.5, ...overrides,
});
const create = async (overrides: Record<string, unknown> = {}) => {
  const { data, errors } = await network.query(CREATE, { input: webinar(overrides) }, network.keys.ahea);
  expect(errors).toBeUndefined();
  return data!.createEvent;
};
const register = (event: string, member: string) => network.query(REGISTER, { event, member }, network.keys.ahea);
const statuses = async (event: string) =>
  sqlRows<{ member_id: string; status: string }>(network.databaseUrl("events"), "select member_id, status from registration where event_id = $1 order by sequence", [event]);
/** AHEA's key registers AHEA's members: a member's home society registers them. */
const aheaMembers = demo.members.filter((candidate) => candidate.societyId === AHEA.id);
const member = (index: number) => aheaMembers[index]!.id as string;

/** More members of AHEA than the demo has. */
const addAheaMembers = (count: number) => copyMembers(network, member(0), count);

describe("creating events", () => {
  it("should create an event of the caller's society with UTC times, the organiser's zone and its calendar path", async () => {
    const event = await create();
    expect(event).toMatchObject({ kind: "WEBINAR", timezone: "Australia/Sydney", online: true, venue: null, capacity: 2, cpdCredits: 1.5, society: { slug: "ahea" } });
    expect(event.icsUrl).toBe(`/events/${event.id}.ics`);
  });

  it("should refuse an end before the start, an unknown zone, a venue-less workshop and a start in the past, writing nothing", async () => {
    const before = await countRows(network.databaseUrl("events"), "event");
    const cases: [Record<string, unknown>, string][] = [
      [{ endsAt: inDays(9) }, "endsAt"],
      [{ timezone: "Australia/Springfield" }, "timezone"],
      [{ kind: "WORKSHOP", online: false }, "venue"],
      [{ startsAt: inDays(-1), endsAt: inDays(-1, 1) }, "startsAt"],
      [{ capacity: 0 }, "capacity"],
    ];
    for (const [overrides, field] of cases) {
      const { errors } = await network.query(CREATE, { input: webinar(overrides) }, network.keys.ahea);
      expect(errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
      expect(errors![0]!.extensions!.problems.map((problem: any) => problem.field)).toContain(field);
    }
    expect(await countRows(network.databaseUrl("events"), "event")).toBe(before);
  });
});

describe("registering", () => {
  it("should confirm while seats remain, then waitlist, and refuse a second registration of the same member", async () => {
    const event = await create();
    expect((await register(event.id, member(10))).data!.registerForEvent.status).toBe("CONFIRMED");
    expect((await register(event.id, member(11))).data!.registerForEvent.status).toBe("CONFIRMED");
    expect((await register(event.id, member(12))).data!.registerForEvent.status).toBe("WAITLISTED");
    expect((await register(event.id, member(13))).data!.registerForEvent.status).toBe("WAITLISTED");
    const again = await register(event.id, member(10));
    expect(again.errors![0]!.extensions).toMatchObject({ code: "CONFLICT", field: "memberId" });
    const counts = await network.query(`query ($id: ID!) { event(id: $id) { registeredCount waitlistCount } }`, { id: event.id });
    expect(counts.data!.event).toEqual({ registeredCount: 2, waitlistCount: 2 });
  });

  it("should promote the first on the waitlist when a confirmed member cancels, in the same transaction", async () => {
    const event = await create();
    const ids = [];
    for (const index of [20, 21, 22, 23]) ids.push((await register(event.id, member(index))).data!.registerForEvent.id);
    const cancelled = await network.query(CANCEL, { id: ids[0] }, network.keys.ahea);
    expect(cancelled.data!.cancelRegistration.status).toBe("CANCELLED");
    expect(await statuses(event.id)).toEqual([
      { member_id: member(20), status: "CANCELLED" },
      { member_id: member(21), status: "CONFIRMED" },
      { member_id: member(22), status: "CONFIRMED" },
      { member_id: member(23), status: "WAITLISTED" },
    ]);
    const twice = await network.query(CANCEL, { id: ids[0] }, network.keys.ahea);
    expect(twice.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    const foreign = await network.query(CANCEL, { id: ids[1] }, network.keys.hoecop);
    expect(foreign.errors![0]!.extensions!.code).toBe("FORBIDDEN");
  });

  it("should refuse capacity below the confirmed registrations, and give added seats to the waitlist", async () => {
    const event = await create();
    for (const index of [30, 31, 32]) await register(event.id, member(index));
    const update = `mutation ($id: ID!, $capacity: Int) { updateEvent(id: $id, input: { capacity: $capacity }) { capacity waitlistCount } }`;
    const below = await network.query(update, { id: event.id, capacity: 1 }, network.keys.ahea);
    expect(below.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "capacity" });
    expect((await network.query(update, { id: event.id, capacity: 3 }, network.keys.ahea)).data!.updateEvent).toEqual({ capacity: 3, waitlistCount: 0 });
    expect((await statuses(event.id)).map((row) => row.status)).toEqual(["CONFIRMED", "CONFIRMED", "CONFIRMED"]);
  });

  it("should refuse registering for an event that has started, and anonymous registration", async () => {
    const past = demo.events.find((event) => (event.startsAt as Date).getTime() < Date.now())!;
    const { errors } = await register(past.id as string, member(40));
    expect(errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "eventId" });
    const anonymous = await network.query(REGISTER, { event: past.id, member: member(40) });
    expect(anonymous.errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
  });

  it("should give 100 seats to the first 100 of 1000 simultaneous registrations and waitlist the other 900 in order", async () => {
    const event = await create({ capacity: 100, title: "Career lunch with 100 seats", kind: "CAREER_LUNCH", online: false, venue: "Hall B" });
    const members = await addAheaMembers(1000);
    const answers = await Promise.all(members.map((id) => register(event.id, id)));
    expect(answers.filter((answer) => answer.errors)).toEqual([]);
    const byStatus = (status: string) => answers.filter((answer) => answer.data!.registerForEvent.status === status).length;
    expect([byStatus("CONFIRMED"), byStatus("WAITLISTED")]).toEqual([100, 900]);
    // In arrival order: the queue's first 100 are exactly the confirmed ones.
    const queue = await statuses(event.id);
    expect(queue.slice(0, 100).every((row) => row.status === "CONFIRMED")).toBe(true);
    expect(queue.slice(100).every((row) => row.status === "WAITLISTED")).toBe(true);
    const counts = await network.query(`query ($id: ID!) { event(id: $id) { registeredCount waitlistCount } }`, { id: event.id });
    expect(counts.data!.event).toEqual({ registeredCount: 100, waitlistCount: 900 });
  });
});

describe("attendance and CPD credit", () => {
  it("should record attendance only for a started event's confirmed registration, and add its credits to the member's year", async () => {
    const event = await create({ cpdCredits: 2.5, title: "Workshop: simulation teaching", kind: "WORKSHOP", online: false, venue: "Skills lab" });
    const attendee = demo.members.find((candidate) => candidate.societyId === AHEA.id && candidate.listed)!;
    const registration = (await register(event.id, attendee.id as string)).data!.registerForEvent.id;
    const ATTEND = `mutation ($id: ID!) { recordAttendance(registrationId: $id) { status } }`;
    const early = await network.query(ATTEND, { id: registration }, network.keys.ahea);
    expect(early.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "registrationId" });
    // The workshop takes place: move it into the past.
    const year = new Date().getUTCFullYear();
    await sqlRows(network.databaseUrl("events"), "update event set starts_at = now() - interval '2 hours', ends_at = now() - interval '1 hour' where id = $1", [event.id]);
    // CPD credit is the member's home society's to see.
    const credits = async () => (await network.query(`query ($id: ID!, $year: Int) { member(id: $id) { cpdCredits(year: $year) } }`, { id: attendee.id, year }, network.keys.ahea)).data!.member.cpdCredits;
    const before = await credits();
    expect((await network.query(ATTEND, { id: registration }, network.keys.hoecop)).errors![0]!.extensions!.code).toBe("FORBIDDEN");
    expect((await network.query(ATTEND, { id: registration }, network.keys.ahea)).data!.recordAttendance.status).toBe("ATTENDED");
    expect(await credits()).toBeCloseTo(before + 2.5, 5);
    expect((await network.query(ATTEND, { id: registration }, network.keys.ahea)).errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");

    // The certificate lists the workshop and the year's total, for the member's own society only.
    const url = new URL(`/members/${attendee.id}/cpd/${year}.pdf`, network.gatewayUrl).toString();
    const pdf = await fetch(url, { headers: { authorization: `Bearer ${network.keys.ahea}` } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(await pdf.arrayBuffer())), { mergePages: true });
    expect(text).toContain(attendee.displayName as string);
    expect(text).toContain("Workshop: simulation teaching");
    expect(text).toContain(`Total: ${Number.isInteger(before + 2.5) ? before + 2.5 : (before + 2.5).toFixed(1)} credits`);
    expect((await send(url, { headers: { authorization: `Bearer ${network.keys.hoecop}` } })).status).toBe(403);
    expect((await send(url)).status).toBe(401);
  });
});

describe("calendar feeds", () => {
  it("should serve one event as valid iCalendar with UID, DTSTAMP and UTC times", async () => {
    const event = await create({ title: "Journal club: bleeding risk scores", kind: "JOURNAL_CLUB" });
    const response = await send(new URL(event.icsUrl, network.gatewayUrl).toString());
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/calendar");
    const calendar = new ICAL.Component(ICAL.parse(response.text));
    const [vevent] = calendar.getAllSubcomponents("vevent");
    const parsed = new ICAL.Event(vevent);
    expect(parsed.uid).toBe(`${event.id}@copnet`);
    expect(parsed.summary).toBe("Journal club: bleeding risk scores");
    expect(vevent!.getFirstPropertyValue("dtstamp")).toBeTruthy();
    const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000); // iCalendar times have whole seconds
    expect(parsed.startDate.toJSDate().getTime() / 1000).toBe(seconds(event.startsAt));
    expect(parsed.endDate.toJSDate().getTime() / 1000).toBe(seconds(event.endsAt));
    expect(parsed.startDate.zone?.tzid).toBe("UTC");
    expect((await send(new URL("/events/00000000-0000-4000-8000-000000000000.ics", network.gatewayUrl).toString())).status).toBe(404);
  });

  it("should serve a society's events as one feed", async () => {
    const response = await send(new URL("/societies/ahea/events.ics", network.gatewayUrl).toString());
    const events = new ICAL.Component(ICAL.parse(response.text)).getAllSubcomponents("vevent");
    const total = (await network.query(`query ($id: ID!) { events(first: 1, filter: { society: $id }) { totalCount } }`, { id: AHEA.id })).data!.events.totalCount;
    expect(events).toHaveLength(total);
    expect(new Set(events.map((vevent) => vevent.getFirstPropertyValue("uid"))).size).toBe(total);
    expect((await send(new URL("/societies/no-such-society/events.ics", network.gatewayUrl).toString())).status).toBe(404);
  });
});
