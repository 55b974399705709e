import { Ctx, Directive, Field, FieldResolver, ID, Int, ObjectType, Resolver, Root } from "type-graphql";
import type { ReferenceResolver, SubgraphContext } from "../../../lib/subgraph.js";
import { isUuid } from "../../../lib/validators.js";
import type { MembersLoaders } from "../loaders.js";
import type { Member } from "./member.entity.js";

@ObjectType({ description: "How many members of a group live in one country." })
export class CountryCount {
  @Field(() => String, { description: "ISO 3166-1 alpha-2 country code." })
  country!: string;

  @Field(() => Int, { description: "Members of the group in that country." })
  members!: number;
}

/**
 * A set of members another subgraph has gathered (a society's co-authors, an event's attendees), keyed
 * by their ids, so that facts only the directory knows — where they live — can be counted here, in
 * one batched query, without any other subgraph keeping a copy. Only members the caller may see count.
 */
@ObjectType({ description: "A group of members, described by the directory." })
@Directive('@key(fields: "ids")')
export class MemberGroup {
  /** The key only: hidden from clients, since it may name members the caller may not see. */
  @Field(() => [ID])
  @Directive("@inaccessible")
  ids!: string[];
}

/** Enough for a society's whole scholarly output; larger groups are refused rather than counted slowly. */
const MAX_GROUP = 10_000;

export const resolveMemberGroupReference: ReferenceResolver<MembersLoaders> = (reference) => {
  const ids = reference.ids;
  if (!Array.isArray(ids) || ids.length > MAX_GROUP || !ids.every((id) => typeof id === "string" && isUuid(id))) return null;
  return { ids: [...new Set(ids as string[])] };
};

type Context = SubgraphContext<MembersLoaders>;

async function visibleMembers(group: MemberGroup, loaders: MembersLoaders): Promise<Member[]> {
  return (await loaders.memberReferenceById.loadMany(group.ids)).filter((member): member is Member => member !== null && !(member instanceof Error));
}

@Resolver(() => MemberGroup)
export class MemberGroupResolver {
  @FieldResolver(() => Int, { description: "Members of the group the caller may see." })
  async size(@Root() group: MemberGroup, @Ctx() { loaders }: Context): Promise<number> {
    return (await visibleMembers(group, loaders)).length;
  }

  @FieldResolver(() => [CountryCount], { description: "Countries of residence, most members first." })
  async countries(@Root() group: MemberGroup, @Ctx() { loaders }: Context): Promise<CountryCount[]> {
    const counts = new Map<string, number>();
    for (const member of await visibleMembers(group, loaders)) counts.set(member.country, (counts.get(member.country) ?? 0) + 1);
    return [...counts].map(([country, members]) => ({ country, members })).sort((a, b) => b.members - a.members || a.country.localeCompare(b.country));
  }

  @FieldResolver(() => Int, { description: "Distinct countries among the group's members the caller may see." })
  async countryCount(@Root() group: MemberGroup, @Ctx() { loaders }: Context): Promise<number> {
    return new Set((await visibleMembers(group, loaders)).map((member) => member.country)).size;
  }
}
