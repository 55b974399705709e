import { SUBGRAPH_NAMES } from "../lib/config.js";
import type { SubgraphModule } from "../lib/subgraph.js";
import { communitiesSubgraph } from "./communities/server.js";
import { eventsSubgraph } from "./events/server.js";
import { membersSubgraph } from "./members/server.js";
import { mentorshipSubgraph } from "./mentorship/server.js";
import { scholarshipSubgraph } from "./scholarship/server.js";

const MODULES: SubgraphModule<unknown>[] = [membersSubgraph, mentorshipSubgraph, scholarshipSubgraph, eventsSubgraph, communitiesSubgraph] as SubgraphModule<unknown>[];

/**
 * The code of each subgraph schema/supergraph.yaml ships, by name, in the file's order. A name listed there
 * without code here stops start-up with a message instead of failing later.
 */
export const SUBGRAPHS: Record<string, SubgraphModule<unknown>> = Object.fromEntries(
  SUBGRAPH_NAMES.map((name) => {
    const module = MODULES.find((candidate) => candidate.name === name);
    if (!module) throw new Error(`schema/supergraph.yaml ships a subgraph "${name}" that subgraphs/index.ts does not know`);
    return [name, module];
  }),
);
