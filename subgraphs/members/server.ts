import type { SubgraphModule } from "../../lib/subgraph.js";
import { createLoaders, type MembersLoaders } from "./loaders.js";
import { Member, MemberSchema } from "./member/member.entity.js";
import { MemberGroup, MemberGroupResolver, resolveMemberGroupReference } from "./member/member-group.js";
import { resolveMemberReference } from "./member/member.reference.js";
import { MemberResolver } from "./member/member.resolver.js";
import { Membership, MembershipSchema } from "./member/membership.entity.js";
import { MembershipResolver } from "./member/membership.resolver.js";
import { PrivateReadSchema } from "./audit/private-read.entity.js";
import { privateReads } from "./audit/private-reads.js";
import { ConsentChangeSchema } from "./member/consent-change.entity.js";
import { migrations } from "./migrations/index.js";
import { DirectoryStatsResolver } from "./stats/directory-stats.resolver.js";
import { Society, SocietySchema } from "./society/society.entity.js";
import { SocietyStageChangeSchema } from "./society/society-stage-change.entity.js";
import { resolveSocietyReference } from "./society/society.reference.js";
import { SocietyResolver } from "./society/society.resolver.js";
import { membersMemberData } from "./member-data.js";

/** Societies and people: the directory itself. */
export const membersSubgraph: SubgraphModule<MembersLoaders> = {
  name: "members",
  resolvers: [SocietyResolver, MemberResolver, MembershipResolver, MemberGroupResolver, DirectoryStatsResolver],
  // Reachable only through federation (_entities), not from Query, so listed explicitly.
  orphanedTypes: [MemberGroup],
  references: { Society: resolveSocietyReference, Member: resolveMemberReference, MemberGroup: resolveMemberGroupReference },
  entities: [SocietySchema, SocietyStageChangeSchema, MemberSchema, MembershipSchema, ConsentChangeSchema, PrivateReadSchema],
  migrations,
  memberData: membersMemberData,
  background: (orm, log) => privateReads.start(orm, log),
  createLoaders,
  seed: (n) => [[Society, n.societies], [Member, n.members], [Membership, n.memberships]],
};
