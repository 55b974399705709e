import { assumed, cost, WEIGHTS } from "./demand-control.js";
import { Directive, Field, Int, ObjectType } from "type-graphql";
import { badUserInput, forbidden } from "./errors.js";
import type { EntityManager } from "./database.js";
import type { Caller } from "./identity.js";

/** Groups smaller than this are never shown as numbers: a count of 1–4 people can identify them. */
export const SUPPRESSION_THRESHOLD = 5;

/** Demand control for a monthly series: one grouped count, weighed per month of its default 24. */
export const MONTHLY_SERIES_SIZE = assumed(24);
export const MONTHLY_SERIES_COST = cost(WEIGHTS.month);

/** Statistics are for researchers (and admins); society keys and anonymous callers are refused. */
export function requireResearcher(caller: Caller): void {
  if (caller.role !== "researcher" && caller.role !== "admin") throw forbidden("Statistics need a researcher key");
}

@ObjectType({ description: "A count for one month; null with suppressed: true when under the threshold." })
@Directive("@shareable")
export class MonthlyCount {
  @Field(() => String, { description: "YYYY-MM (UTC)." })
  month!: string;

  @Field(() => Int, { nullable: true })
  count!: number | null;

  @Field(() => Boolean)
  suppressed!: boolean;
}

/** Months in [from, to) as YYYY-MM; by default the last 24 months up to and including this one. */
export function monthRange(from: Date | null | undefined, to: Date | null | undefined): { from: string; to: string } {
  const now = new Date();
  const day = (date: Date) => date.toISOString().slice(0, 10);
  const end = to ? day(to) : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
  const start = from ? day(from) : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 23, 1)).toISOString().slice(0, 10);
  // Checked on the range as completed by the defaults, so `from` alone cannot reach back a thousand years.
  const span = Date.parse(end) - Date.parse(start);
  if (span <= 0) throw badUserInput([{ field: to ? "to" : "from", message: to ? "must be after from" : "must be before this month's end" }]);
  if (span > 10 * 366 * 24 * 3600_000) throw badUserInput([{ field: to ? "to" : "from", message: "a series covers at most ten years" }]);
  return { from: start, to: end };
}

/** One point per month of the range (zero months included), small counts suppressed. */
export function monthlySeries(rows: { month: string; count: number }[], range: { from: string; to: string }): MonthlyCount[] {
  const counts = new Map(rows.map((row) => [row.month, Number(row.count)]));
  const series: MonthlyCount[] = [];
  for (let month = new Date(`${range.from.slice(0, 7)}-01T00:00:00Z`); month < new Date(`${range.to}T00:00:00Z`); month.setUTCMonth(month.getUTCMonth() + 1)) {
    const key = month.toISOString().slice(0, 7);
    const count = counts.get(key) ?? 0;
    // Zero reveals nobody; 1–4 might.
    const suppressed = count > 0 && count < SUPPRESSION_THRESHOLD;
    series.push({ month: key, count: suppressed ? null : count, suppressed });
  }
  return series;
}

/**
 * A researcher's monthly series: `sql` selects (month 'YYYY-MM', count) for rows in [?, ?) — the range's
 * first and last day — and the months come back complete, small counts suppressed.
 */
export async function monthlyCounts(
  em: EntityManager,
  caller: Caller,
  bounds: { from: Date | null; to: Date | null },
  sql: string,
): Promise<MonthlyCount[]> {
  requireResearcher(caller);
  const range = monthRange(bounds.from, bounds.to);
  return monthlySeries(await em.execute<{ month: string; count: number }[]>(sql, [range.from, range.to]), range);
}
