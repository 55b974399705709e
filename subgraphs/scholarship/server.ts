import { ScholarshipSubscriptions } from "./opportunity/opportunity.subscription.js";
import { OutboxEntrySchema } from "../../lib/outbox.js";
import { resolveExtendedEntity, resolveExtendedMember, type SubgraphModule } from "../../lib/subgraph.js";
import { Award, AwardSchema } from "./award/award.entity.js";
import { AwardResolver } from "./award/award.resolver.js";
import { ScholarlyCommunityResolver } from "./community/community.resolver.js";
import { ScholarlyCommunity } from "./community/community.type.js";
import { createLoaders, type ScholarshipLoaders } from "./loaders.js";
import { ResourceResolver } from "./resource/resource.resolver.js";
import { ScholarlyMember } from "./member/member.type.js";
import { ScholarlyMemberResolver } from "./member/member.resolver.js";
import { migrations } from "./migrations/index.js";
import { Opportunity, OpportunitySchema } from "./opportunity/opportunity.entity.js";
import { resolveOpportunityReference } from "./opportunity/opportunity.reference.js";
import { OpportunityResolver } from "./opportunity/opportunity.resolver.js";
import { ScholarlySocietyResolver } from "./society/society.resolver.js";
import { ScholarlySociety } from "./society/society.type.js";
import { Contribution, ContributionSchema } from "./work/contribution.entity.js";
import { ContributionResolver } from "./work/contribution.resolver.js";
import { Work, WorkSchema } from "./work/work.entity.js";
import { resolveWorkReference } from "./work/work.reference.js";
import { WorkResolver } from "./work/work.resolver.js";
import { scholarshipMemberData } from "./member-data.js";

/** What the demo network leaves out of most works: they are not (yet) described for the resource library. */
const UNDESCRIBED = { topics: [], audienceProfessions: [], audienceCareerStages: [], abstract: null, licence: null, access: "OPEN", communityId: null };

/** Scholarly output, prizes and opportunities. */
export const scholarshipSubgraph: SubgraphModule<ScholarshipLoaders> = {
  name: "scholarship",
  resolvers: [WorkResolver, ContributionResolver, AwardResolver, OpportunityResolver, ScholarlyMemberResolver, ScholarlySocietyResolver, ResourceResolver, ScholarlyCommunityResolver, ScholarshipSubscriptions],
  // Reachable only through federation (_entities), not from Query, so listed explicitly.
  orphanedTypes: [ScholarlyMember, ScholarlySociety, ScholarlyCommunity],
  references: {
    Member: resolveExtendedMember(),
    Society: resolveExtendedEntity(),
    Community: resolveExtendedEntity(),
    Work: resolveWorkReference,
    Opportunity: resolveOpportunityReference,
  },
  entities: [WorkSchema, ContributionSchema, AwardSchema, OpportunitySchema, OutboxEntrySchema],
  migrations,
  memberData: scholarshipMemberData,
  createLoaders,
  seed: (n) => [[Work, n.works.map((work) => ({ ...UNDESCRIBED, ...work }))], [Contribution, n.contributions], [Award, n.awards], [Opportunity, n.opportunities]],
};
