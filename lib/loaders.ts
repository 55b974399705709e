import DataLoader from "dataloader";

/** Batches lookups by id into one query; unknown ids resolve to null (as reference resolvers must). */
export function loaderById<T extends { id: string }>(
  load: (ids: string[]) => Promise<T[]>,
): DataLoader<string, T | null> {
  return new DataLoader(async (ids) => {
    const byId = new Map((await load([...ids])).map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/** Batches "all rows belonging to key" lookups (a member's memberships, …) into one query. */
export function loaderOfLists<T>(
  load: (keys: string[]) => Promise<T[]>,
  keyOf: (row: T) => string,
): DataLoader<string, T[]> {
  return new DataLoader(async (keys) => {
    const groups = new Map<string, T[]>(keys.map((key) => [key, []]));
    for (const row of await load([...keys])) groups.get(keyOf(row))?.push(row);
    return keys.map((key) => groups.get(key) ?? []);
  });
}

/** Batches one value per key (counts, sums), with a default for keys the query returns nothing for. */
export function loaderOfValues<V>(
  load: (keys: string[]) => Promise<Map<string, V>>,
  fallback: V,
): DataLoader<string, V> {
  return new DataLoader(async (keys) => {
    const values = await load([...keys]);
    return keys.map((key) => values.get(key) ?? fallback);
  });
}

/** One part's select over the keys asked for it; its rows name their `part` and `key`. */
export type PartSelect = (keys: string[]) => { sql: string; params: unknown[] };

/**
 * Several parts of a record that one page asks for together (a member's mentor profile and relations, their
 * registrations and CPD credits): every part asked in the same tick comes from one statement, the `union all` of
 * the asked parts' selects and then `orderBy`. Keys are `part:key`; each gets its rows in statement order.
 */
export function loaderOfParts<Part extends string, Row extends { part: Part; key: string }>(
  selects: Record<Part, PartSelect>,
  orderBy: string,
  run: (sql: string, params: unknown[]) => Promise<Row[]>,
): DataLoader<`${Part}:${string}`, Row[]> {
  return new DataLoader(async (keys) => {
    const sql: string[] = [];
    const params: unknown[] = [];
    for (const part of Object.keys(selects) as Part[]) {
      const asked = [...new Set(keys.filter((key) => key.startsWith(`${part}:`)).map((key) => key.slice(part.length + 1)))];
      if (asked.length === 0) continue;
      const select = selects[part](asked);
      sql.push(select.sql);
      params.push(...select.params);
    }
    const found = new Map<string, Row[]>(keys.map((key) => [key, []]));
    for (const row of await run(`${sql.join(" union all ")} ${orderBy}`, params)) found.get(`${row.part}:${row.key}`)?.push(row);
    return keys.map((key) => found.get(key)!);
  });
}
