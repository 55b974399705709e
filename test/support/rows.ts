import pg from "pg";

/**
 * Reads rows straight from a service's database, beside the API under test: to prove that a refused
 * request changed nothing, or that an accepted one changed exactly what it should.
 */
export async function sqlRows<T = Record<string, unknown>>(databaseUrl: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

export async function countRows(databaseUrl: string, table: string): Promise<number> {
  const [row] = await sqlRows<{ n: number }>(databaseUrl, `select count(*)::int as n from ${table}`);
  return row!.n;
}
