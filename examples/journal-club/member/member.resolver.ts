import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { UNAVAILABLE } from "../../../lib/external.js";
import { whenVisible } from "../../../lib/member-access.js";
import type { SubgraphContext } from "../../../lib/subgraph.js";
import type { JournalClubLoaders } from "../server.js";
import { JournalClubSession } from "../session/session.entity.js";
import { ClubMember } from "./member.type.js";

@Resolver(() => ClubMember)
export class ClubMemberResolver {
  @FieldResolver(() => [JournalClubSession], { nullable: true, description: `Journal club sessions the member presented, newest first. ${UNAVAILABLE}` })
  journalClubSessions(@Root() member: ClubMember, @Ctx() context: SubgraphContext<JournalClubLoaders>): Promise<JournalClubSession[] | null> {
    return whenVisible(context, member.id, () => context.loaders.sessionsByPresenter.load(member.id));
  }
}
