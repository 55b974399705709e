import { resolveExtendedEntity, resolveExtendedMember, type SubgraphModule } from "../../lib/subgraph.js";
import { EventsCommunityResolver } from "./community/community.resolver.js";
import { EventsCommunity } from "./community/community.type.js";
import { Event, EventSchema } from "./event/event.entity.js";
import { resolveEventReference } from "./event/event.reference.js";
import { EventResolver } from "./event/event.resolver.js";
import { createLoaders, type EventsLoaders } from "./loaders.js";

import { AttendingMember } from "./member/member.type.js";
import { AttendingMemberResolver } from "./member/member.resolver.js";
import { migrations } from "./migrations/index.js";
import { Registration, RegistrationSchema } from "./registration/registration.entity.js";
import { RegistrationResolver } from "./registration/registration.resolver.js";
import { AttendanceStatsResolver } from "./registration/attendance-stats.resolver.js";

/** Events, registrations, attendance and CPD credit. */
export const eventsSubgraph: SubgraphModule<EventsLoaders> = {
  name: "events",
  resolvers: [AttendanceStatsResolver, EventResolver, RegistrationResolver, AttendingMemberResolver, EventsCommunityResolver],
  // Reachable only through federation (_entities), not from Query, so listed explicitly.
  orphanedTypes: [AttendingMember, EventsCommunity],
  references: { Member: resolveExtendedMember(), Event: resolveEventReference, Community: resolveExtendedEntity() },
  entities: [EventSchema, RegistrationSchema],
  migrations,
  createLoaders,
  seed: (n) => [[Event, n.events.map((event) => ({ communityId: null, ...event }))], [Registration, n.registrations]],
};
