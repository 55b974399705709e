import { Arg, Ctx, Directive, FieldResolver, Int, Resolver, Root } from "type-graphql";
import { assumed, cost, WEIGHTS } from "../../../lib/demand-control.js";
import { UNAVAILABLE } from "../../../lib/external.js";
import { whenVisible } from "../../../lib/member-access.js";
import { PAGED, pageOfLoadedList, type Page } from "../../../lib/pagination.js";
import type { SubgraphContext } from "../../../lib/subgraph.js";
import { Award } from "../award/award.entity.js";
import type { ScholarshipLoaders } from "../loaders.js";
import { memberKey, ScholarlyOutput } from "../output/scholarly-output.js";
import type { Work } from "../work/work.entity.js";
import { WorkConnection } from "../work/work.resolver.js";
import { ScholarlyMember } from "./member.type.js";

type Context = SubgraphContext<ScholarshipLoaders>;

@Resolver(() => ScholarlyMember)
export class ScholarlyMemberResolver {
  @FieldResolver(() => WorkConnection, { nullable: true, description: `Works the member contributed to (by id or ORCID iD), newest first. ${UNAVAILABLE}` })
  @Directive('@requires(fields: "orcid")')
  @Directive(PAGED)
  async works(
    @Root() member: ScholarlyMember,
    @Arg("first", () => Int, { nullable: true, description: "Page size: 1–100, default 20." }) first: number | null,
    @Arg("after", () => String, { nullable: true, description: "Cursor after which the page starts: a previous page's `pageInfo.endCursor`. Omit for the first page." }) after: string | null,
    @Ctx() context: Context,
  ): Promise<Page<Work> | null> {
    return whenVisible(context, member.id, async () => {
      const works = await context.loaders.worksByMember.load(memberKey(member));
      return pageOfLoadedList(works, first, after, (work) => work.id);
    });
  }

  @FieldResolver(() => [Award], { nullable: true, description: `Prizes the member received, newest first. ${UNAVAILABLE}` })
  @Directive(assumed(3))
  awards(@Root() member: ScholarlyMember, @Ctx() context: Context): Promise<Award[] | null> {
    return whenVisible(context, member.id, () => context.loaders.awardsByMember.load(member.id));
  }

  @FieldResolver(() => ScholarlyOutput, { nullable: true, description: `Works by kind and year, prizes and co-authors. ${UNAVAILABLE}` })
  @Directive('@requires(fields: "orcid")')
  @Directive(cost(WEIGHTS.summary))
  scholarlyOutput(@Root() member: ScholarlyMember, @Ctx() context: Context): Promise<ScholarlyOutput | null> {
    return whenVisible(context, member.id, () => context.loaders.memberOutput.load(memberKey(member)));
  }
}
