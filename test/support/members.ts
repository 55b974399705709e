import type { TestNetwork } from "./network.js";
import { sqlRows } from "./rows.js";

/** `count` more members like `templateId` (same society, consent and facts), copied straight into the members database. */
export async function copyMembers(network: TestNetwork, templateId: string, count: number): Promise<string[]> {
  const members = network.databaseUrl("members");
  const columns = (await sqlRows<{ column_name: string }>(members, "select column_name from information_schema.columns where table_name = 'member' and is_generated = 'NEVER' order by ordinal_position")).map((row) => row.column_name);
  const values = columns.map((column) => (column === "id" ? "gen_random_uuid()" : column === "orcid" || column === "email" ? "null" : `"${column}"`));
  const rows = await sqlRows<{ id: string }>(
    members,
    `insert into member (${columns.map((column) => `"${column}"`).join(", ")}) select ${values.join(", ")} from member, generate_series(1, $2) where id = $1 returning id`,
    [templateId, count],
  );
  return rows.map((row) => row.id);
}
