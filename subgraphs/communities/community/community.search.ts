import type { EntityManager } from "../../../lib/database.js";
import { assertUuid } from "../../../lib/errors.js";
import { decodeCursor, toPage, type Page } from "../../../lib/pagination.js";
import { containsFolded } from "../../../lib/sql.js";
import { Community } from "./community.entity.js";
import type { CommunityFilter } from "./community.input.js";

/** Communities by name, keyset-paginated over (name, id). */
export async function searchCommunities(em: EntityManager, filter: CommunityFilter | null | undefined, size: number, after: string | null | undefined): Promise<Page<Community>> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter?.q?.trim()) {
    where.push(containsFolded("c.search_text"));
    params.push(filter.q.trim());
  }
  if (filter?.topic?.trim()) {
    where.push("c.topics @> array[?]::text[]");
    params.push(filter.topic.trim());
  }
  if (filter?.society) {
    where.push("c.society_ids @> array[?]::text[]");
    params.push(assertUuid("filter.society", filter.society));
  }
  if (filter?.stage) {
    where.push("c.stage = ?");
    params.push(filter.stage);
  }
  const keyset = after ? ["(c.name > ? or (c.name = ? and c.id > ?::uuid))"] : [];
  const keysetParams = after ? (([name, id]) => [name, name, id])(decodeCursor(after, ["text", "uuid"])) : [];
  const conditions = [...where, ...keyset];
  const rows = await em.getConnection().execute<Record<string, unknown>[]>(
    `select c.* from community c ${conditions.length ? `where ${conditions.join(" and ")}` : ""} order by c.name, c.id limit ?`,
    [...params, ...keysetParams, size + 1],
  );
  return toPage(rows.map((row) => em.map(Community, row)), size, (community) => [community.name, community.id], async () => {
    const [count] = await em.getConnection().execute<{ total: string }[]>(`select count(*) as total from community c ${where.length ? `where ${where.join(" and ")}` : ""}`, params);
    return Number(count?.total ?? 0);
  });
}
