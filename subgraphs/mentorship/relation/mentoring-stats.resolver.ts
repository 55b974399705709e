import { DateResolver } from "graphql-scalars";
import { Arg, Ctx, Directive, Query, Resolver } from "type-graphql";
import { cellKeySql, MONTHLY_SERIES_COST, MONTHLY_SERIES_SIZE, MonthlyCount, monthlyCounts } from "../../../lib/stats.js";
import type { SubgraphContext } from "../../../lib/subgraph.js";

@Resolver()
export class MentoringStatsResolver {
  @Query(() => [MonthlyCount], { description: "Researchers: mentoring relations started per whole month across all societies, rounded (default: the last 24)." })
  @Directive(MONTHLY_SERIES_SIZE)
  @Directive(MONTHLY_SERIES_COST)
  mentoringTimeSeries(
    @Arg("from", () => DateResolver, { description: "First month of the series (any day counts as its whole month, UTC). Default: 24 months before `to`; at most ten years before it.", nullable: true }) from: Date | null,
    @Arg("to", () => DateResolver, { description: "Last month of the series (any day counts as its whole month, UTC). Default: the current month.", nullable: true }) to: Date | null,
    @Ctx() { em, caller }: SubgraphContext<unknown>,
  ): Promise<MonthlyCount[]> {
    return monthlyCounts(em, caller, { from, to },
      `select to_char(started_at at time zone 'UTC', 'YYYY-MM') as month, count(*)::int as count, ${cellKeySql("id")} as key from mentorship_relation
        where started_at >= ?::date and started_at < ?::date group by 1`);
  }
}
