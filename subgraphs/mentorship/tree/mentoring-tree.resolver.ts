import { Arg, Ctx, Directive, Field, FieldResolver, Int, ObjectType, Resolver, Root } from "type-graphql";
import { assumed, cost, WEIGHTS } from "../../../lib/demand-control.js";
import { badUserInput } from "../../../lib/errors.js";
import { HIDDEN_MEMBER, UNAVAILABLE } from "../../../lib/external.js";
import { isVisibleMember, memberAccess } from "../../../lib/member-access.js";
import type { SubgraphContext } from "../../../lib/subgraph.js";
import type { MentorshipLoaders } from "../loaders.js";
import { MentoringMember } from "../member/member.type.js";
import { MentoringProgram } from "../program/mentoring-program.entity.js";
import { MentorshipStatus } from "../relation/mentorship-relation.entity.js";
import { visibleChain, type TreeLink } from "./mentoring-tree.js";

type Context = SubgraphContext<MentorshipLoaders>;

/** Deepest tree asked for: a senior's mentees' mentees' mentees' mentees. */
export const MAX_TREE_DEPTH = 4;
/** Links read per direction at most (a mentor has at most 20 mentees, so four levels could reach 160,000). */
export const MAX_TREE_LINKS = 200;

@ObjectType({ description: "One active mentoring link in a member's mentoring tree." })
export class MentoringTreeLink {
  @Field(() => MentoringMember, { nullable: true, description: `The mentor of this link. ${HIDDEN_MEMBER}` })
  mentor!: MentoringMember;

  @Field(() => MentoringMember, { nullable: true, description: `The mentee of this link. ${HIDDEN_MEMBER}` })
  mentee!: MentoringMember;

  @Field(() => Int, { description: "How many links away from the member the tree is about: 1 for their own mentors or mentees." })
  level!: number;

  programId!: string | null;
}

@ObjectType({ description: "A member's mentoring chain: who mentors them (and their mentors, …) and whom they mentor (and their mentees, …), over ACTIVE relations. Members the caller may not see are left out, with everything beyond them." })
export class MentoringTree {
  @Field(() => [MentoringTreeLink], { description: "Links above the member, nearest first: level 1 links are the member's mentors." })
  @Directive(assumed(5))
  up!: MentoringTreeLink[];

  @Field(() => [MentoringTreeLink], { description: "Links below the member, nearest first: level 1 links are the member's mentees." })
  @Directive(assumed(10))
  down!: MentoringTreeLink[];
}

@Resolver(() => MentoringTreeLink)
export class MentoringTreeLinkResolver {
  @FieldResolver(() => MentoringProgram, { nullable: true, description: "The programme of the relation; null when it has none." })
  program(@Root() link: MentoringTreeLink, @Ctx() { loaders }: Context): Promise<MentoringProgram | null> | null {
    return link.programId ? loaders.programById.load(link.programId) : null;
  }
}

@Resolver(() => MentoringMember)
export class MentoringTreeResolver {
  @FieldResolver(() => MentoringTree, {
    nullable: true,
    description: `The member's mentoring chain up and down, \`depth\` links each way (1–${MAX_TREE_DEPTH}; at most ${MAX_TREE_LINKS} links each way): a member can be a mentee and a mentor at once. Consent holds at every node. ${UNAVAILABLE}`,
  })
  // Two recursive statements and a lookup of every member on the chain, per member asked about.
  @Directive(cost(WEIGHTS.summary))
  async mentoringTree(
    @Root() member: MentoringMember,
    @Arg("depth", () => Int, { description: `Links each way, 1–${MAX_TREE_DEPTH}; default 2.`, defaultValue: 2 }) depth: number,
    @Ctx() context: Context,
  ): Promise<MentoringTree | null> {
    if (!Number.isInteger(depth) || depth < 1 || depth > MAX_TREE_DEPTH) throw badUserInput([{ field: "depth", message: `must be a whole number from 1 to ${MAX_TREE_DEPTH}` }]);
    if (!(await isVisibleMember(context, member.id))) return null;
    const [up, down] = await Promise.all([chain(context, member.id, depth, "up"), chain(context, member.id, depth, "down")]);
    const ids = [...new Set([...up, ...down].flatMap((link) => [link.mentorId, link.menteeId]))];
    const access = await memberAccess(ids, context);
    const visible = new Set(ids.filter((_id, index) => access[index]!.visible));
    const shown = (links: TreeLink[], direction: "up" | "down") =>
      visibleChain(member.id, links, direction, (id) => visible.has(id)).map((link) => ({ mentor: { id: link.mentorId }, mentee: { id: link.menteeId }, level: link.level, programId: link.programId }));
    return { up: shown(up, "up"), down: shown(down, "down") };
  }
}

/**
 * One recursive SQL statement: the ACTIVE links `depth` steps up (towards mentors) or down (towards mentees).
 * PostgreSQL builds a recursive query breadth first and stops at the limit, so a wide tree costs the limit, not its size.
 */
function chain(context: Context, memberId: string, depth: number, direction: "up" | "down"): Promise<TreeLink[]> {
  const [near, far] = direction === "up" ? ["mentee_id", "mentor_id"] : ["mentor_id", "mentee_id"];
  return context.em
    .execute<{ mentor_id: string; mentee_id: string; program_id: string | null; level: number }[]>(
      `with recursive chain (mentor_id, mentee_id, program_id, level) as (
         select mentor_id, mentee_id, program_id, 1 from mentorship_relation where ${near} = ? and status = ?
         union all
         select r.mentor_id, r.mentee_id, r.program_id, c.level + 1 from mentorship_relation r join chain c on r.${near} = c.${far}
          where c.level < ? and r.status = ?
       )
       select * from chain limit ?`,
      [memberId, MentorshipStatus.ACTIVE, depth, MentorshipStatus.ACTIVE, MAX_TREE_LINKS],
    )
    .then((rows) =>
      rows
        .map((row) => ({ mentorId: row.mentor_id, menteeId: row.mentee_id, programId: row.program_id, level: Number(row.level) }))
        .sort((a, b) => a.level - b.level || compare(a.mentorId, b.mentorId) || compare(a.menteeId, b.menteeId)),
    );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
