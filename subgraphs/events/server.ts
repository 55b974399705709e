import { createHash } from "node:crypto";
import { OutboxEntrySchema } from "../../lib/outbox.js";
import { resolveExtendedEntity, resolveExtendedMember, type SeedSlice, type SubgraphModule } from "../../lib/subgraph.js";
import type { DemoNetwork } from "../../seed/demo-network.js";
import { EventsCommunityResolver } from "./community/community.resolver.js";
import { EventsCommunity } from "./community/community.type.js";
import { EventSeries, EventSeriesSchema } from "./series/event-series.entity.js";
import { horizon, occurrenceStarts } from "./series/recurrence.js";
import { EventSeriesResolver } from "./series/event-series.resolver.js";
import { Event, EventSchema } from "./event/event.entity.js";
import { EventsSubscriptions } from "./registration/registration.subscription.js";
import { resolveEventReference } from "./event/event.reference.js";
import { EventResolver } from "./event/event.resolver.js";
import { createLoaders, type EventsLoaders } from "./loaders.js";

import { AttendingMember } from "./member/member.type.js";
import { AttendingMemberResolver } from "./member/member.resolver.js";
import { migrations } from "./migrations/index.js";
import { Registration, RegistrationSchema } from "./registration/registration.entity.js";
import { RegistrationResolver } from "./registration/registration.resolver.js";
import { AttendanceStatsResolver } from "./registration/attendance-stats.resolver.js";
import { eventsMemberData } from "./member-data.js";
import { EventRatingSchema } from "./feedback/event-rating.entity.js";
import { EventFeedbackResolver, EventRatingResolver, RegistrationCreditResolver } from "./feedback/event-rating.resolver.js";

/** A seeded occurrence's id, derived from its series and start so that the demo network stays deterministic. */
function occurrenceId(seriesId: string, startsAt: Date): string {
  const hex = createHash("sha256").update(`${seriesId}:${startsAt.toISOString()}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The demo network's events, and its series with their occurrences for a year from the first (extended when read). */
function seedEvents(network: DemoNetwork): SeedSlice {
  const series = network.eventSeries.map((row) => ({ ...row, materialisedUntil: horizon(row.firstStartsAt as Date) }) as EventSeries);
  const occurrences = series.flatMap((one) =>
    occurrenceStarts(one, one.firstStartsAt, one.materialisedUntil).map((startsAt) => ({
      id: occurrenceId(one.id, startsAt), societyId: one.societyId, communityId: one.communityId, seriesId: one.id, title: one.title, kind: one.kind, startsAt,
      endsAt: new Date(startsAt.getTime() + one.durationMinutes * 60_000), timezone: one.timezone, online: one.online, venue: one.venue, capacity: one.capacity, cpdCredits: one.cpdCredits,
    })),
  );
  return [
    [Event, [...network.events, ...occurrences].map((event) => ({ communityId: null, seriesId: null, recordingWorkId: null, ...event }))],
    [Registration, network.registrations],
    [EventSeries, series],
  ];
}

/** Events, registrations, attendance and CPD credit. */
export const eventsSubgraph: SubgraphModule<EventsLoaders> = {
  name: "events",
  resolvers: [AttendanceStatsResolver, EventResolver, RegistrationResolver, AttendingMemberResolver, EventsCommunityResolver, EventSeriesResolver, EventsSubscriptions,
    EventRatingResolver, EventFeedbackResolver, RegistrationCreditResolver],
  // Reachable only through federation (_entities), not from Query, so listed explicitly.
  orphanedTypes: [AttendingMember, EventsCommunity],
  references: { Member: resolveExtendedMember(), Event: resolveEventReference, Community: resolveExtendedEntity() },
  entities: [EventSchema, RegistrationSchema, EventSeriesSchema, OutboxEntrySchema, EventRatingSchema],
  migrations,
  memberData: eventsMemberData,
  createLoaders,
  seed: seedEvents,
};
