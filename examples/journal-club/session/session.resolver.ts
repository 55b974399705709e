import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import { HIDDEN_MEMBER } from "../../../lib/external.js";
import { withVisibleMembers } from "../../../lib/member-access.js";
import { pageSize } from "../../../lib/pagination.js";
import type { SubgraphContext } from "../../../lib/subgraph.js";
import { ClubMember } from "../member/member.type.js";
import { JournalClubSession } from "./session.entity.js";

@Resolver(() => JournalClubSession)
export class JournalClubSessionResolver {
  @Query(() => [JournalClubSession], { description: "Upcoming and past sessions, newest first; sessions presented by members the caller may not see are left out." })
  async journalClubSessions(@Arg("first", () => Int, { nullable: true }) first: number | null, @Ctx() context: SubgraphContext<unknown>): Promise<JournalClubSession[]> {
    const sessions = await context.em.find(JournalClubSession, {}, { orderBy: { meetsAt: "desc", id: "asc" }, limit: pageSize(first) });
    return withVisibleMembers(context, sessions, (session) => session.presenterId);
  }

  @FieldResolver(() => ClubMember, { nullable: true, description: HIDDEN_MEMBER })
  presenter(@Root() session: JournalClubSession): ClubMember {
    return { id: session.presenterId };
  }
}
