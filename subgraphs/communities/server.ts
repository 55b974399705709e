import { resolveExtendedMember, type SubgraphModule } from "../../lib/subgraph.js";
import { Community, CommunitySchema, StageChange, StageChangeSchema } from "./community/community.entity.js";
import { resolveCommunityReference } from "./community/community.reference.js";
import { CommunityResolver } from "./community/community.resolver.js";
import { createLoaders, type CommunitiesLoaders } from "./loaders.js";
import { CommunityMember } from "./member/member.type.js";
import { CommunityMemberResolver } from "./member/member.resolver.js";
import { CommunityMembership, CommunityMembershipSchema } from "./membership/community-membership.entity.js";
import { CommunityMembershipResolver } from "./membership/community-membership.resolver.js";
import { communitiesMemberData } from "./member-data.js";
import { migrations } from "./migrations/index.js";

/** Communities of practice and special-interest groups, within or across societies. */
export const communitiesSubgraph: SubgraphModule<CommunitiesLoaders> = {
  name: "communities",
  resolvers: [CommunityResolver, CommunityMembershipResolver, CommunityMemberResolver],
  // Reachable only through federation (_entities), not from Query, so listed explicitly.
  orphanedTypes: [CommunityMember],
  references: { Member: resolveExtendedMember(), Community: resolveCommunityReference },
  entities: [CommunitySchema, StageChangeSchema, CommunityMembershipSchema],
  migrations,
  memberData: communitiesMemberData,
  createLoaders,
  seed: (n) => [[Community, n.communities], [StageChange, n.stageChanges], [CommunityMembership, n.communityMemberships]],
};
