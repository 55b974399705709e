import { ScholarshipSubscriptions } from "./opportunity/opportunity.subscription.js";
import { OutboxEntrySchema } from "../../lib/outbox.js";
import { resolveExtendedEntity, resolveExtendedMember, type SubgraphModule } from "../../lib/subgraph.js";
import { AwardSchema } from "./award/award.entity.js";
import { AwardResolver } from "./award/award.resolver.js";
import { createLoaders, type ScholarshipLoaders } from "./loaders.js";
import { ScholarlyMember } from "./member/member.type.js";
import { ScholarlyMemberResolver } from "./member/member.resolver.js";
import { migrations } from "./migrations/index.js";
import { OpportunitySchema } from "./opportunity/opportunity.entity.js";
import { resolveOpportunityReference } from "./opportunity/opportunity.reference.js";
import { OpportunityResolver } from "./opportunity/opportunity.resolver.js";
import { ScholarlySocietyResolver } from "./society/society.resolver.js";
import { ScholarlySociety } from "./society/society.type.js";
import { ContributionSchema } from "./work/contribution.entity.js";
import { ContributionResolver } from "./work/contribution.resolver.js";
import { WorkSchema } from "./work/work.entity.js";
import { resolveWorkReference } from "./work/work.reference.js";
import { WorkResolver } from "./work/work.resolver.js";

/** Scholarly output, prizes and opportunities. */
export const scholarshipSubgraph: SubgraphModule<ScholarshipLoaders> = {
  name: "scholarship",
  resolvers: [WorkResolver, ContributionResolver, AwardResolver, OpportunityResolver, ScholarlyMemberResolver, ScholarlySocietyResolver, ScholarshipSubscriptions],
  // Reachable only through federation (_entities), not from Query, so listed explicitly.
  orphanedTypes: [ScholarlyMember, ScholarlySociety],
  references: {
    Member: resolveExtendedMember(),
    Society: resolveExtendedEntity(),
    Work: resolveWorkReference,
    Opportunity: resolveOpportunityReference,
  },
  entities: [WorkSchema, ContributionSchema, AwardSchema, OpportunitySchema, OutboxEntrySchema],
  migrations,
  createLoaders,
};
