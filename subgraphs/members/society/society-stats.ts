import type { EntityManager } from "../../../lib/database.js";

export interface SocietyStats {
  memberCount: number;
  countryCount: number;
}

const NONE: SocietyStats = { memberCount: 0, countryCount: 0 };

/** How long a society's figures are reused: a new member shows up in them within this time. */
export const SOCIETY_STATS_TTL_MS = 30_000;

/**
 * A society's figures count every active membership — about 100 ms per society at 100k members, and a
 * society card with them is on every member page. So each subgraph process computes them at most once
 * per SOCIETY_STATS_TTL_MS per society, and requests arriving meanwhile share that computation.
 */
export class SocietyStatsCache {
  private readonly entries = new Map<string, { stats: Promise<SocietyStats>; expires: number }>();

  async load(em: EntityManager, societyIds: string[]): Promise<Map<string, SocietyStats>> {
    const now = Date.now();
    const stale = societyIds.filter((id) => !((this.entries.get(id)?.expires ?? 0) > now));
    if (stale.length > 0) {
      const counted = count(em, stale);
      for (const id of stale) {
        const entry = { stats: counted.then((stats) => stats.get(id) ?? NONE), expires: now + SOCIETY_STATS_TTL_MS };
        this.entries.set(id, entry);
        // A failed count is not kept: the next request tries again.
        entry.stats.catch(() => this.entries.get(id) === entry && this.entries.delete(id));
      }
    }
    return new Map(await Promise.all(societyIds.map(async (id) => [id, await this.entries.get(id)!.stats] as const)));
  }
}

async function count(em: EntityManager, societyIds: string[]): Promise<Map<string, SocietyStats>> {
  const rows = await em.getConnection().execute<{ society_id: string; members: string; countries: string }[]>(
    `select ms.society_id, count(*) as members, count(distinct m.country) as countries
       from membership ms join member m on m.id = ms.member_id
      where ms.status = 'ACTIVE' and ms.society_id in (?)
      group by ms.society_id`,
    [societyIds],
  );
  return new Map(rows.map((row) => [row.society_id, { memberCount: Number(row.members), countryCount: Number(row.countries) }]));
}
