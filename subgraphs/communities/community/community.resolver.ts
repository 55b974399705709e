import { LockMode } from "@mikro-orm/core";
import { Arg, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { requireSocietyCaller } from "../../../lib/authz.js";
import { assumed } from "../../../lib/demand-control.js";
import { assertUuid, badUserInput, conflict, forbidden, notFound } from "../../../lib/errors.js";
import { SocietyReference } from "../../../lib/external.js";
import { withVisibleMembers } from "../../../lib/member-access.js";
import { connectionType, PAGED, pageOfLoadedList, pageSize, type Page } from "../../../lib/pagination.js";
import { SocietyStage } from "../../../lib/society-stage.js";
import type { SubgraphContext } from "../../../lib/subgraph.js";
import type { CommunitiesLoaders } from "../loaders.js";
import { CommunityMember } from "../member/member.type.js";
import { CommunityMembership, CommunityRole } from "../membership/community-membership.entity.js";
import { Community, StageChange } from "./community.entity.js";
import { CommunityFilter, CreateCommunityInput, slugOf, UpdateCommunityInput, validateCommunity } from "./community.input.js";
import { searchCommunities } from "./community.search.js";

type Context = SubgraphContext<CommunitiesLoaders>;

const CommunityConnection = connectionType("Community", Community);
export const CommunityMemberConnection = connectionType("CommunityMember", CommunityMembership);

@Resolver(() => Community)
export class CommunityResolver {
  @Query(() => Community, { nullable: true, description: "A community by id or by slug (one of them)." })
  async community(
    @Arg("id", () => ID, { description: "The community's id; give this or `slug`.", nullable: true }) id: string | null,
    @Arg("slug", () => String, { description: "The community's slug; give this or `id`.", nullable: true }) slug: string | null,
    @Ctx() { em, loaders }: Context,
  ): Promise<Community | null> {
    if ((id == null) === (slug == null)) throw badUserInput([{ field: "id", message: "give either id or slug" }]);
    if (id != null) return loaders.communityById.load(assertUuid("id", id));
    return em.findOne(Community, { slug: slugOf(slug!) || slug! });
  }

  @Query(() => CommunityConnection, { description: "Communities by name, keyset-paginated." })
  @Directive(PAGED)
  communities(
    @Arg("filter", () => CommunityFilter, { description: "Narrows the list; without it, every community, by name.", nullable: true }) filter: CommunityFilter | null,
    @Arg("first", () => Int, { description: "Page size: 1–100, default 20.", nullable: true }) first: number | null,
    @Arg("after", () => String, { description: "Cursor after which the page starts: a previous page's `pageInfo.endCursor`. Omit for the first page.", nullable: true }) after: string | null,
    @Ctx() { em }: Context,
  ): Promise<Page<Community>> {
    return searchCommunities(em, filter, pageSize(first), after);
  }

  @FieldResolver(() => [StageChange], { description: "Every stage the community entered, oldest first." })
  @Directive(assumed(3))
  stageHistory(@Root() community: Community, @Ctx() { loaders }: Context): Promise<StageChange[]> {
    return loaders.stageHistory.load(community.id);
  }

  @FieldResolver(() => [SocietyReference], { description: "The creating society, then each society that brought members." })
  @Directive(assumed(3))
  societies(@Root() community: Community): SocietyReference[] {
    return community.societyIds.map((id) => ({ id }));
  }

  @FieldResolver(() => [CommunityMember], { description: "The community's leads the caller may see." })
  @Directive(assumed(3))
  async leads(@Root() community: Community, @Ctx() context: Context): Promise<CommunityMember[]> {
    const leads = (await context.loaders.membershipsByCommunity.load(community.id)).filter((membership) => membership.role === CommunityRole.LEAD);
    return (await withVisibleMembers(context, leads, (membership) => membership.memberId)).map((membership) => ({ id: membership.memberId }));
  }

  @FieldResolver(() => CommunityMemberConnection, { description: "Members the caller may see (consent), in joining order." })
  @Directive(PAGED)
  async members(
    @Root() community: Community,
    @Arg("first", () => Int, { description: "Page size: 1–100, default 20.", nullable: true }) first: number | null,
    @Arg("after", () => String, { description: "Cursor after which the page starts: a previous page's `pageInfo.endCursor`. Omit for the first page.", nullable: true }) after: string | null,
    @Ctx() context: Context,
  ): Promise<Page<CommunityMembership>> {
    const visible = await withVisibleMembers(context, await context.loaders.membershipsByCommunity.load(community.id), (membership) => membership.memberId);
    return pageOfLoadedList(visible, first, after, (membership) => membership.id);
  }

  @FieldResolver(() => Int, { description: "Everyone in the community, listed or not (as Society.memberCount counts)." })
  async memberCount(@Root() community: Community, @Ctx() { loaders }: Context): Promise<number> {
    return (await loaders.membershipsByCommunity.load(community.id)).length;
  }

  @Mutation(() => Community, { description: "Creates a community of the caller's society." })
  async createCommunity(@Arg("input", () => CreateCommunityInput, { description: "The community; created by the caller's society." }) input: CreateCommunityInput, @Ctx() { em, caller }: Context): Promise<Community> {
    const societyId = requireSocietyCaller(caller);
    const fields = validateCommunity(input);
    const slug = slugOf(fields.name!);
    if (await em.count(Community, { slug })) throw conflict(`A community with the short name ${slug} exists already`, { field: "name" });
    const now = new Date();
    const community = em.create(Community, {
      id: crypto.randomUUID(), slug, name: fields.name!, purpose: fields.purpose!, topics: fields.topics!, stage: SocietyStage.ESTABLISH,
      ownerSocietyId: societyId, societyIds: [societyId], createdAt: now,
    });
    em.create(StageChange, { id: crypto.randomUUID(), communityId: community.id, stage: SocietyStage.ESTABLISH, since: now });
    await em.flush();
    return community;
  }

  @Mutation(() => Community, { description: "Changes a community: its creating society or a society one of its leads belongs to. The slug stays." })
  async updateCommunity(
    @Arg("id", () => ID, { description: "The community to change." }) id: string,
    @Arg("input", () => UpdateCommunityInput, { description: "Fields to change; omitted fields keep their value." }) input: UpdateCommunityInput,
    @Ctx() { em, caller }: Context,
  ): Promise<Community> {
    assertUuid("id", id);
    const societyId = requireSocietyCaller(caller);
    return em.transactional(async (tx) => {
      const community = await requireCommunity(tx, id, "id");
      await requireEditor(tx, community, societyId);
      const fields = validateCommunity(input);
      if (fields.stage && fields.stage !== community.stage) tx.create(StageChange, { id: crypto.randomUUID(), communityId: community.id, stage: fields.stage, since: new Date() });
      tx.assign(community, fields);
      await tx.flush();
      return community;
    });
  }
}

/** The community, locked for the rest of the transaction (joins and edits queue one after another). */
export async function requireCommunity(em: Context["em"], id: string, field: string): Promise<Community> {
  const community = await em.findOne(Community, { id: assertUuid(field, id) }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!community) throw notFound("Community", id);
  return community;
}

/** A community is edited by its creating society and by the home societies of its leads. */
export async function requireEditor(em: Context["em"], community: Community, societyId: string): Promise<void> {
  if (community.ownerSocietyId === societyId) return;
  if (await em.count(CommunityMembership, { communityId: community.id, role: CommunityRole.LEAD, societyId })) return;
  throw forbidden("Only the community's creating society or a lead's society may do this");
}
