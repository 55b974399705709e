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
