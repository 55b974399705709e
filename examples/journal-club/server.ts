import type { EntityManager } from "../../lib/database.js";
import { loaderOfLists } from "../../lib/loaders.js";
import { resolveExtendedMember, type SubgraphModule } from "../../lib/subgraph.js";
import { ClubMember } from "./member/member.type.js";
import { ClubMemberResolver } from "./member/member.resolver.js";
import { migrations } from "./migrations/index.js";
import { JournalClubSession, JournalClubSessionSchema } from "./session/session.entity.js";
import { JournalClubSessionResolver } from "./session/session.resolver.js";
import { journalClubMemberData } from "./member-data.js";

function createLoaders(em: EntityManager) {
  return {
    sessionsByPresenter: loaderOfLists(
      (presenterIds) => em.find(JournalClubSession, { presenterId: { $in: presenterIds } }, { orderBy: { meetsAt: "desc", id: "asc" } }),
      (session) => session.presenterId,
    ),
  };
}
export type JournalClubLoaders = ReturnType<typeof createLoaders>;

/**
 * An example of a subgraph federated after the fact: a trainee journal club, run by its own society on
 * its own database, adding `Member.journalClubSessions` to the directory. Built with the same lib/ as the
 * shipped four; `copnet subgraph publish --name journalclub --url …` brings it into the running network.
 */
export const journalClubSubgraph: SubgraphModule<JournalClubLoaders> = {
  name: "journalclub",
  resolvers: [JournalClubSessionResolver, ClubMemberResolver],
  orphanedTypes: [ClubMember],
  references: { Member: resolveExtendedMember() },
  entities: [JournalClubSessionSchema],
  migrations,
  memberData: journalClubMemberData,
  createLoaders,
};
