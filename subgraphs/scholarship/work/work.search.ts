import type { EntityManager } from "../../../lib/database.js";
import { assertUuid, badUserInput } from "../../../lib/errors.js";
import { decodeCursor, toPage, type Page } from "../../../lib/pagination.js";
import { containsFolded } from "../../../lib/sql.js";
import { Work } from "./work.entity.js";
import type { WorkFilter } from "./work.filter.js";

// Undated works sort last; the sentinel keeps the keyset comparison free of NULLs.
const SORT_DATE = "coalesce(w.published_on, date '0001-01-01')";

/** SQL conditions on `work w` and their parameters, all of which must hold. */
export interface WorkConditions {
  where: string[];
  params: unknown[];
}

/** Works newest first, keyset-paginated over (publication date, id). */
export function searchWorks(em: EntityManager, filter: WorkFilter | null | undefined, size: number, after: string | null | undefined): Promise<Page<Work>> {
  return pageOfWorks(em, workConditions(filter), size, after);
}

function workConditions(filter: WorkFilter | null | undefined): WorkConditions {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter?.q?.trim()) {
    where.push(containsFolded("w.search_text"));
    params.push(filter.q.trim());
  }
  if (filter?.kind) {
    where.push("w.kind = ?");
    params.push(filter.kind);
  }
  if (filter?.society) {
    where.push("w.society_id = ?");
    params.push(assertUuid("filter.society", filter.society));
  }
  if (filter?.member) {
    where.push("exists (select 1 from contribution c where c.work_id = w.id and c.member_id = ?)");
    params.push(assertUuid("filter.member", filter.member));
  }
  if (filter?.year !== null && filter?.year !== undefined) {
    // Any Int type-checks; PostgreSQL dates end at year 5874897, and no work is dated before writing.
    if (filter.year < 1 || filter.year > 9999) throw badUserInput([{ field: "filter.year", message: "must be between 1 and 9999" }]);
    where.push("w.published_on >= make_date(?, 1, 1) and w.published_on < make_date(?, 1, 1)");
    params.push(filter.year, filter.year + 1);
  }
  return { where, params };
}

/** One page of the works matching `conditions`, newest first; the count runs only when asked for. */
export async function pageOfWorks(em: EntityManager, { where, params }: WorkConditions, size: number, after: string | null | undefined): Promise<Page<Work>> {
  const keyset = after ? [`(${SORT_DATE} < ?::date or (${SORT_DATE} = ?::date and w.id > ?::uuid))`] : [];
  const keysetParams = after ? (([date, id]) => [date, date, id])(decodeCursor(after, ["date", "uuid"])) : [];
  const conditions = [...where, ...keyset];
  const rows = await em.getConnection().execute<Record<string, unknown>[]>(
    `select w.*, ${SORT_DATE}::text as sort_date from work w ${conditions.length ? `where ${conditions.join(" and ")}` : ""}
      order by ${SORT_DATE} desc, w.id limit ?`,
    [...params, ...keysetParams, size + 1],
  );
  const works = rows.map((row) => ({ work: em.map(Work, row), sortDate: String(row.sort_date) }));
  const page = toPage(works, size, ({ work, sortDate }) => [sortDate, work.id], async () => {
    const [count] = await em.getConnection().execute<{ total: string }[]>(
      `select count(*) as total from work w ${where.length ? `where ${where.join(" and ")}` : ""}`,
      params,
    );
    return Number(count?.total ?? 0);
  });
  const edges = page.edges.map(({ cursor, node }) => ({ cursor, node: node.work }));
  return { edges, pageInfo: page.pageInfo, get totalCount() { return page.totalCount; } };
}
