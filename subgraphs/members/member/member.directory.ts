import { Directive, Field, Int, ObjectType } from "type-graphql";
import { readOnlyEntities, type EntityManager } from "../../../lib/database.js";
import { cost, WEIGHTS } from "../../../lib/demand-control.js";
import type { Caller } from "../../../lib/identity.js";
import { assertUuid, badUserInput } from "../../../lib/errors.js";
import { containsFolded } from "../../../lib/sql.js";
import { connectionType, decodeCursor, toPage, type Page } from "../../../lib/pagination.js";
import { normaliseCountry, normaliseLanguage } from "../../../lib/validators.js";
import { Member } from "./member.entity.js";
import type { MemberFilter } from "./member.filter.js";
import { visibleMembersSql } from "./member.visibility.js";

/**
 * A free-text search counts its matches exactly up to this many, then stops: counting every one of ~12k matches
 * of a common term was 95% of a search's SQL time, for a figure shown as "1000+" anyway.
 */
export const SEARCH_COUNT_CAP = 1000;

@ObjectType("MemberConnection", { description: "A page of members (Relay connection): pass `pageInfo.endCursor` as `after` for the next." })
export class MemberConnection extends connectionType("Member", Member) {
  @Field(() => Int, { description: `Number of members in the whole list, all pages together. With free text (\`filter.q\`) exact up to ${SEARCH_COUNT_CAP}, and ${SEARCH_COUNT_CAP} beyond that: see \`totalCountCapped\`.` })
  @Directive(cost(WEIGHTS.count))
  override totalCount!: number;

  @Field(() => Boolean, { description: `True when \`totalCount\` stopped at ${SEARCH_COUNT_CAP}: a free-text search matched more members than that (show it as "${SEARCH_COUNT_CAP}+"). False whenever \`totalCount\` is exact.` })
  @Directive(cost(WEIGHTS.count))
  totalCountCapped!: boolean;
}

/** A directory page; both counts come from one count query, run only when a client selects either. */
export interface DirectoryPage extends Page<Member> {
  readonly totalCountCapped: Promise<boolean>;
}

/**
 * The directory listing: keyset pagination over (sort_name, id) — the accent- and case-folded name, then
 * the id as tie-breaker — so cursors stay stable while members are added. Free text goes through the
 * same folding (copnet_fold: unaccent + lower) against a trigram-indexed column, so "muller" finds "Müller".
 * Only members the caller may see are listed, and counted (a free-text search up to `countCap`).
 */
export async function searchDirectory(
  em: EntityManager,
  caller: Caller,
  filter: MemberFilter | null | undefined,
  size: number,
  after: string | null | undefined,
  countCap = SEARCH_COUNT_CAP,
): Promise<DirectoryPage> {
  const { where, params } = filterClause(filter);
  const visible = visibleMembersSql(caller);
  where.unshift(visible.sql);
  params.unshift(...visible.params);
  const keyset: string[] = [];
  const keysetParams: unknown[] = [];
  if (after) {
    const [sortName, id] = decodeCursor(after, ["text", "uuid"]);
    keyset.push("(m.sort_name, m.id) > (?, ?)");
    keysetParams.push(sortName, id);
  }
  const conditions = [...where, ...keyset];
  const rows = await em.getConnection().execute<Record<string, unknown>[]>(
    `select m.* from member m ${conditions.length ? `where ${conditions.join(" and ")}` : ""}
     order by m.sort_name, m.id limit ?`,
    [...params, ...keysetParams, size + 1],
  );
  const members = readOnlyEntities(em, Member, rows);
  const conditionSql = where.length ? `where ${where.join(" and ")}` : "";
  let counted: Promise<{ total: number; capped: boolean }> | undefined;
  const count = () =>
    (counted ??= (async () => {
      if (!filter?.q?.trim()) {
        const [row] = await em.getConnection().execute<{ total: string }[]>(`select count(*) as total from member m ${conditionSql}`, params);
        return { total: Number(row?.total ?? 0), capped: false };
      }
      const [row] = await em.getConnection().execute<{ total: string }[]>(
        `select count(*) as total from (select 1 from member m ${conditionSql} limit ?) matches`,
        [...params, countCap + 1],
      );
      const total = Number(row?.total ?? 0);
      return { total: Math.min(total, countCap), capped: total > countCap };
    })());
  const page = toPage(members, size, (member) => [member.sortName, member.id], async () => (await count()).total);
  return {
    edges: page.edges,
    pageInfo: page.pageInfo,
    get totalCount() {
      return page.totalCount;
    },
    get totalCountCapped() {
      return count().then((counts) => counts.capped);
    },
  };
}

function filterClause(filter: MemberFilter | null | undefined): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (!filter) return { where, params };
  if (filter.q?.trim()) {
    where.push(containsFolded("m.search_text"));
    params.push(filter.q.trim());
  }
  if (filter.country) {
    const country = normaliseCountry(filter.country);
    if (!country) throw badUserInput([{ field: "filter.country", message: "is not an ISO 3166-1 alpha-2 code" }]);
    where.push("m.country = ?");
    params.push(country);
  }
  if (filter.society) {
    assertUuid("filter.society", filter.society);
    where.push("exists (select 1 from membership ms where ms.member_id = m.id and ms.society_id = ?)");
    params.push(filter.society);
  }
  if (filter.careerStage) {
    where.push("m.career_stage = ?");
    params.push(filter.careerStage);
  }
  if (filter.profession) {
    where.push("m.professions @> array[?]::text[]");
    params.push(filter.profession);
  }
  if (filter.expertise) {
    where.push("m.expertise @> array[?]::text[]");
    params.push(filter.expertise.trim());
  }
  if (filter.language) {
    const language = normaliseLanguage(filter.language);
    if (!language) throw badUserInput([{ field: "filter.language", message: "is not a BCP 47 language tag" }]);
    where.push("m.languages @> array[?]::text[]");
    params.push(language);
  }
  return { where, params };
}
