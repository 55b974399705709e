import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import { UNAVAILABLE } from "../../../lib/external.js";
import { pageOfLoadedList, type Page } from "../../../lib/pagination.js";
import type { SubgraphContext } from "../../../lib/subgraph.js";
import { Award } from "../award/award.entity.js";
import type { ScholarshipLoaders } from "../loaders.js";
import type { Work } from "../work/work.entity.js";
import { WorkConnection } from "../work/work.resolver.js";
import { ScholarlyMember } from "./member.type.js";

type Context = SubgraphContext<ScholarshipLoaders>;

@Resolver(() => ScholarlyMember)
export class ScholarlyMemberResolver {
  @FieldResolver(() => WorkConnection, { nullable: true, description: `Works the member contributed to, newest first. ${UNAVAILABLE}` })
  async works(
    @Root() member: ScholarlyMember,
    @Arg("first", () => Int, { nullable: true }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Ctx() { loaders }: Context,
  ): Promise<Page<Work>> {
    const works = (await loaders.worksByMember.load(member.id)).map((row) => row.work);
    return pageOfLoadedList(works, first, after, (work) => work.id);
  }

  @FieldResolver(() => [Award], { nullable: true, description: `Prizes the member received, newest first. ${UNAVAILABLE}` })
  awards(@Root() member: ScholarlyMember, @Ctx() { loaders }: Context): Promise<Award[]> {
    return loaders.awardsByMember.load(member.id);
  }
}
