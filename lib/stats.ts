import { assumed, cost, WEIGHTS } from "./demand-control.js";
import { Directive, Field, Int, ObjectType } from "type-graphql";
import { badUserInput, forbidden } from "./errors.js";
import type { EntityManager } from "./database.js";
import type { Caller } from "./identity.js";

/*
 * Disclosure control for every statistic copnet publishes: the cell key method with random rounding to
 * base 5, as the Australian Bureau of Statistics (TableBuilder) and the ONS apply it.
 *
 * Each counted record has a record key: a pseudo-random number fixed for that record, derived from its id and
 * a secret that never leaves its subgraph's database. A cell's key is the sum of its records' keys, so the
 * same people always give the same key: the same cell always gets the same released value, and repeating a
 * query cannot average the noise away. A count 5q + r is released as 5q + 5 when key / KEY_RANGE < r / 5,
 * else as 5q — unbiased, and a count of 1–4 reads as 0 or 5.
 *
 * Only the finest cells of a table are rounded; every figure published from the table (any grouping, the
 * total, the CSV) is a sum of rounded finest cells. So no combination of published figures tells more than
 * the rounded finest table does, and in it every group of 1–4 people has at least five possible true sizes.
 */

/** Every published count is a multiple of this; a group smaller than this is never published as it is. */
export const ROUNDING_BASE = 5;

/** How the method is named in the schema and the README. */
export const DISCLOSURE_CONTROL_METHOD = "cell key random rounding to base 5";

/** Record and cell keys are integers in [0, KEY_RANGE). */
const KEY_RANGE = 65_536;

/** The per-database secret record keys are derived from; created by each counting subgraph's migration. */
export const CELL_KEY_SECRET_MIGRATION = [
  `create table "cell_key_secret" ("secret" text not null);`,
  `insert into "cell_key_secret" ("secret") values (gen_random_uuid()::text || gen_random_uuid()::text);`,
];

/** SQL: the key of the cell made of the grouped rows, from the id column of the counted records. */
export function cellKeySql(idColumn: string): string {
  const recordKey = `('x' || left(md5((select "secret" from "cell_key_secret") || ${idColumn}::text), 4))::bit(16)::int`;
  return `(sum(${recordKey}) % ${KEY_RANGE})::int`;
}

/** Adds the keys of cells merged into one (a cell key is a sum of record keys). */
export function addCellKeys(a: number, b: number): number {
  return (a + b) % KEY_RANGE;
}

/** The released value of a cell of `count` records whose key is `cellKey`. */
export function roundCount(count: number, cellKey: number): number {
  const remainder = count % ROUNDING_BASE;
  const down = count - remainder;
  return cellKey / KEY_RANGE < remainder / ROUNDING_BASE ? down + ROUNDING_BASE : down;
}

/** Demand control for a monthly series: one grouped count, weighed per month of its default 24. */
export const MONTHLY_SERIES_SIZE = assumed(24);
export const MONTHLY_SERIES_COST = cost(WEIGHTS.month);

/** Statistics are for researchers (and admins); society keys and anonymous callers are refused. */
export function requireResearcher(caller: Caller): void {
  if (caller.role !== "researcher" && caller.role !== "admin") throw forbidden("Statistics need a researcher key");
}

@ObjectType({ description: "A count for one month, rounded by cell key random rounding to base 5." })
@Directive("@shareable")
export class MonthlyCount {
  @Field(() => String, { description: "YYYY-MM (UTC)." })
  month!: string;

  @Field(() => Int, { nullable: true, description: "A multiple of 5 (a month of 1–4 reads as 0 or 5); never null since counts are rounded rather than withheld." })
  count!: number | null;

  @Field(() => Boolean, { description: "Always false: counts are rounded rather than withheld." })
  suppressed!: boolean;
}

const monthStart = (date: Date) => new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));
const addMonths = (date: Date, months: number) => new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
const day = (date: Date) => date.toISOString().slice(0, 10);

/**
 * Whole months covering [from, to): from goes back to the first of its month, to forward to the first of
 * the next month unless it is one. A month is always counted whole, so two ranges a day apart cannot be
 * subtracted to count the people of that day. By default the last 24 months up to and including this one.
 */
export function monthRange(from: Date | null | undefined, to: Date | null | undefined): { from: string; to: string } {
  if (from && to && from >= to) throw badUserInput([{ field: "to", message: "must be after from" }]);
  const thisMonth = monthStart(new Date());
  const end = to ? (monthStart(to).getTime() === to.getTime() ? to : addMonths(to, 1)) : addMonths(thisMonth, 1);
  const start = from ? monthStart(from) : addMonths(thisMonth, -23);
  if (start >= end) throw badUserInput([{ field: to ? "to" : "from", message: to ? "must be after from" : "must be before this month's end" }]);
  // Checked on the range as completed by the defaults, so `from` alone cannot reach back a thousand years.
  if (addMonths(start, 120) < end) throw badUserInput([{ field: "to", message: "a series covers at most ten years" }]);
  return { from: day(start), to: day(end) };
}

/** One point per month of the range (zero months included), each month rounded as its own cell. */
export function monthlySeries(rows: { month: string; count: number; key: number }[], range: { from: string; to: string }): MonthlyCount[] {
  const cells = new Map(rows.map((row) => [row.month, row]));
  const series: MonthlyCount[] = [];
  for (let month = new Date(`${range.from}T00:00:00Z`); month < new Date(`${range.to}T00:00:00Z`); month = addMonths(month, 1)) {
    const key = month.toISOString().slice(0, 7);
    const cell = cells.get(key);
    series.push({ month: key, count: cell ? roundCount(Number(cell.count), Number(cell.key)) : 0, suppressed: false });
  }
  return series;
}

/**
 * A researcher's monthly series: `sql` selects (month 'YYYY-MM', count, key — `cellKeySql` of the counted
 * rows' ids) for rows in [?, ?) — the first days of the range's first month and of the month after it.
 */
export async function monthlyCounts(
  em: EntityManager,
  caller: Caller,
  bounds: { from: Date | null; to: Date | null },
  sql: string,
): Promise<MonthlyCount[]> {
  requireResearcher(caller);
  const range = monthRange(bounds.from, bounds.to);
  return monthlySeries(await em.execute<{ month: string; count: number; key: number }[]>(sql, [range.from, range.to]), range);
}
