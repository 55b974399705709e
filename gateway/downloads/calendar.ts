import type { ApolloServer } from "@apollo/server";
import type { ServerResponse } from "node:http";
import ical, { type ICalCalendar } from "ical-generator";
import { ANONYMOUS } from "../../lib/identity.js";
import { HttpError, type Route } from "../../lib/http.js";
import type { GatewayContext } from "../context.js";
import { queryAs } from "./graphql.js";
import { vtimezone } from "./vtimezone.js";

const EVENT_FIELDS = "id title kind startsAt endsAt timezone online venue cpdCredits society { name slug }";
const EVENT_PATH = /^\/events\/([0-9a-f-]{36})\.ics$/i;
const SOCIETY_PATH = /^\/societies\/([a-z0-9-]{1,64})\/events\.ics$/;
const SERIES_PATH = /^\/series\/([0-9a-f-]{36})\.ics$/i;

interface CalendarSeries {
  id: string;
  title: string;
  kind: string;
  recurrence: string;
  timezone: string;
  firstStartsAt: string;
  durationMinutes: number;
  online: boolean;
  venue: string | null;
  cpdCredits: number;
  society: { name: string } | null;
}
/** A society's feed holds at most this many events (its next and recent ones, by start). */
const FEED_LIMIT = 500;

interface CalendarEvent {
  id: string;
  title: string;
  kind: string;
  startsAt: string;
  endsAt: string;
  timezone: string;
  online: boolean;
  venue: string | null;
  cpdCredits: number;
  society: { name: string; slug: string } | null;
}

/**
 * iCalendar (RFC 5545) feeds: `GET /events/{id}.ics` and `GET /societies/{slug}/events.ics`. Times are
 * written in UTC (DTSTART…Z), which every calendar converts to its user's zone; the organiser's zone is
 * named in the description. `GET /series/{id}.ics` is one recurring VEVENT instead: DTSTART in the
 * organiser's zone, the series' RRULE and a VTIMEZONE, so that calendars keep each occurrence at local time
 * across daylight-saving changes. Public, like the events themselves.
 */
export function calendarRoutes(apollo: ApolloServer<GatewayContext>): Route {
  return async (req, res, url) => {
    if (req.method !== "GET") return false;
    const single = EVENT_PATH.exec(url.pathname);
    if (single) {
      const { event } = await queryAs<{ event: CalendarEvent | null }>(apollo, res, ANONYMOUS, `query ($id: ID!) { event(id: $id) { ${EVENT_FIELDS} } }`, { id: single[1] });
      if (!event) throw new HttpError(404, "No such event");
      return send(res, calendar(event.title, [event]), `${event.id}.ics`);
    }
    const recurring = SERIES_PATH.exec(url.pathname);
    if (recurring) {
      const { eventSeries: series } = await queryAs<{ eventSeries: CalendarSeries | null }>(
        apollo, res, ANONYMOUS,
        `query ($id: ID!) { eventSeries(id: $id) { id title kind recurrence timezone firstStartsAt durationMinutes online venue cpdCredits society { name } } }`,
        { id: recurring[1] },
      );
      if (!series) throw new HttpError(404, "No such series");
      return send(res, seriesCalendar(series), `series-${series.id}.ics`);
    }
    const society = SOCIETY_PATH.exec(url.pathname);
    if (society) {
      const found = await queryAs<{ society: { id: string; name: string } | null }>(apollo, res, ANONYMOUS, `query ($slug: String!) { society(slug: $slug) { id name } }`, { slug: society[1] });
      if (!found.society) throw new HttpError(404, "No such society");
      const events: CalendarEvent[] = [];
      let after: string | null = null;
      do {
        const page: { events: { edges: { node: CalendarEvent }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = await queryAs(
          apollo,
          res,
          ANONYMOUS,
          `query ($society: ID!, $after: String) { events(filter: { society: $society }, first: 100, after: $after) { edges { node { ${EVENT_FIELDS} } } pageInfo { hasNextPage endCursor } } }`,
          { society: found.society.id, after },
        );
        events.push(...page.events.edges.map((edge) => edge.node));
        after = page.events.pageInfo.hasNextPage ? page.events.pageInfo.endCursor : null;
      } while (after && events.length < FEED_LIMIT);
      return send(res, calendar(`${found.society.name} events`, events), `${society[1]}-events.ics`);
    }
    return false;
  };
}

function calendar(name: string, events: CalendarEvent[]): ICalCalendar {
  const feed = ical({ name, prodId: { company: "copnet", product: "events", language: "EN" } });
  for (const event of events) {
    feed.createEvent({
      id: `${event.id}@copnet`,
      start: new Date(event.startsAt),
      end: new Date(event.endsAt),
      stamp: new Date(),
      summary: event.title,
      location: event.online ? "Online" : event.venue,
      description: [
        `${event.kind.replaceAll("_", " ").toLowerCase()} organised by ${event.society?.name ?? "a copnet society"}`,
        `Local time zone of the organiser: ${event.timezone}`,
        `CPD credits: ${event.cpdCredits}`,
      ].join("\n"),
    });
  }
  return feed;
}

function seriesCalendar(series: CalendarSeries): ICalCalendar {
  const start = new Date(series.firstStartsAt);
  const feed = ical({ name: series.title, prodId: { company: "copnet", product: "events", language: "EN" } });
  feed.timezone({ name: series.timezone, generator: (zone) => vtimezone(zone, start, start) });
  feed.createEvent({
    id: `${series.id}@copnet`,
    start,
    end: new Date(start.getTime() + series.durationMinutes * 60_000),
    timezone: series.timezone,
    repeating: `RRULE:${series.recurrence}`,
    stamp: new Date(),
    summary: series.title,
    location: series.online ? "Online" : series.venue,
    description: [`${series.kind.replaceAll("_", " ").toLowerCase()} series organised by ${series.society?.name ?? "a copnet society"}`, `CPD credits per session: ${series.cpdCredits}`].join("\n"),
  });
  return feed;
}

function send(res: ServerResponse, feed: ICalCalendar, filename: string): true {
  res.writeHead(200, { "content-type": "text/calendar; charset=utf-8", "content-disposition": `inline; filename="${filename}"` });
  res.end(feed.toString());
  return true;
}
