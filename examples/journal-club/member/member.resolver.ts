import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { UNAVAILABLE } from "../../../lib/external.js";
import type { SubgraphContext } from "../../../lib/subgraph.js";
import type { JournalClubLoaders } from "../server.js";
import { JournalClubSession } from "../session/session.entity.js";
import { ClubMember } from "./member.type.js";

@Resolver(() => ClubMember)
export class ClubMemberResolver {
  @FieldResolver(() => [JournalClubSession], { nullable: true, description: `Journal club sessions the member presented, newest first. ${UNAVAILABLE}` })
  journalClubSessions(@Root() member: ClubMember, @Ctx() { loaders }: SubgraphContext<JournalClubLoaders>): Promise<JournalClubSession[]> {
    return loaders.sessionsByPresenter.load(member.id);
  }
}
