import { EventsSubscriptions } from "./registration/registration.subscription.js";
import { OutboxEntrySchema } from "../../lib/outbox.js";
import { resolveExtendedMember, type SubgraphModule } from "../../lib/subgraph.js";
import { EventSchema } from "./event/event.entity.js";
import { resolveEventReference } from "./event/event.reference.js";
import { EventResolver } from "./event/event.resolver.js";
import { createLoaders, type EventsLoaders } from "./loaders.js";

import { AttendingMember } from "./member/member.type.js";
import { AttendingMemberResolver } from "./member/member.resolver.js";
import { migrations } from "./migrations/index.js";
import { RegistrationSchema } from "./registration/registration.entity.js";
import { RegistrationResolver } from "./registration/registration.resolver.js";
import { AttendanceStatsResolver } from "./registration/attendance-stats.resolver.js";

/** Events, registrations, attendance and CPD credit. */
export const eventsSubgraph: SubgraphModule<EventsLoaders> = {
  name: "events",
  resolvers: [AttendanceStatsResolver, EventResolver, RegistrationResolver, AttendingMemberResolver, EventsSubscriptions],
  // Reachable only through federation (_entities), not from Query, so listed explicitly.
  orphanedTypes: [AttendingMember],
  references: { Member: resolveExtendedMember(), Event: resolveEventReference },
  entities: [EventSchema, RegistrationSchema, OutboxEntrySchema],
  migrations,
  createLoaders,
};
