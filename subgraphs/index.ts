import type { SubgraphName } from "../lib/config.js";
import type { SubgraphModule } from "../lib/subgraph.js";
import { eventsSubgraph } from "./events/server.js";
import { membersSubgraph } from "./members/server.js";
import { mentorshipSubgraph } from "./mentorship/server.js";
import { scholarshipSubgraph } from "./scholarship/server.js";

/** The four subgraphs copnet ships with, by name. */
export const SUBGRAPHS: Record<SubgraphName, SubgraphModule<unknown>> = {
  members: membersSubgraph as SubgraphModule<unknown>,
  mentorship: mentorshipSubgraph as SubgraphModule<unknown>,
  scholarship: scholarshipSubgraph as SubgraphModule<unknown>,
  events: eventsSubgraph as SubgraphModule<unknown>,
};
