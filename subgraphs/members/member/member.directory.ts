import type { EntityManager } from "../../../lib/database.js";
import type { Caller } from "../../../lib/identity.js";
import { assertUuid, badUserInput } from "../../../lib/errors.js";
import { containsFolded } from "../../../lib/sql.js";
import { decodeCursor, toPage, type Page } from "../../../lib/pagination.js";
import { normaliseCountry, normaliseLanguage } from "../../../lib/validators.js";
import { Member } from "./member.entity.js";
import type { MemberFilter } from "./member.filter.js";
import { visibleMembersSql } from "./member.visibility.js";

/**
 * The directory listing: keyset pagination over (sort_name, id) — the accent- and case-folded name, then
 * the id as tie-breaker — so cursors stay stable while members are added. Free text goes through the
 * same folding (copnet_fold: unaccent + lower) against a trigram-indexed column, so "muller" finds "Müller".
 * Only members the caller may see are listed, and counted.
 */
export async function searchDirectory(
  em: EntityManager,
  caller: Caller,
  filter: MemberFilter | null | undefined,
  size: number,
  after: string | null | undefined,
): Promise<Page<Member>> {
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
  const members = rows.map((row) => em.map(Member, row));
  return toPage(members, size, (member) => [member.sortName, member.id], async () => {
    const [count] = await em.getConnection().execute<{ total: string }[]>(
      `select count(*) as total from member m ${where.length ? `where ${where.join(" and ")}` : ""}`,
      params,
    );
    return Number(count?.total ?? 0);
  });
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
