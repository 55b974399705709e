import { DateResolver } from "graphql-scalars";
import { Arg, Ctx, Directive, Field, FieldResolver, Int, ObjectType, Query, registerEnumType, Resolver, Root } from "type-graphql";
import { CareerStage } from "../../../lib/career-stage.js";
import { cost, WEIGHTS } from "../../../lib/demand-control.js";
import { badUserInput } from "../../../lib/errors.js";
import { MONTHLY_SERIES_COST, MONTHLY_SERIES_SIZE, MonthlyCount, monthlyCounts, requireResearcher, SUPPRESSION_THRESHOLD } from "../../../lib/stats.js";
import type { SubgraphContext } from "../../../lib/subgraph.js";
import type { MembersLoaders } from "../loaders.js";
import { Profession } from "../member/member.entity.js";
import { Society } from "../society/society.entity.js";
import { suppressSmallCells } from "./suppression.js";

export enum StatsDimension {
  COUNTRY = "COUNTRY",
  SOCIETY = "SOCIETY",
  CAREER_STAGE = "CAREER_STAGE",
  PROFESSION = "PROFESSION",
}
registerEnumType(StatsDimension, { name: "StatsDimension" });

/** The SQL expression each dimension groups by; professions are a list, so a member counts once per profession. */
const COLUMNS: Record<StatsDimension, string> = {
  COUNTRY: "m.country",
  SOCIETY: "m.society_id::text",
  CAREER_STAGE: "m.career_stage",
  PROFESSION: "profession",
};

@ObjectType({ description: "One group of members; count is null (and suppressed true) when it could identify people." })
export class StatsCell {
  @Field(() => String, { nullable: true })
  country!: string | null;

  societyId!: string | null;

  @Field(() => CareerStage, { nullable: true })
  careerStage!: CareerStage | null;

  @Field(() => Profession, { nullable: true })
  profession!: Profession | null;

  @Field(() => Int, { nullable: true })
  count!: number | null;

  @Field(() => Boolean)
  suppressed!: boolean;
}

@ObjectType({ description: "Counts over research-consented members only." })
export class DirectoryStats {
  @Field(() => [StatsDimension])
  groupBy!: StatsDimension[];

  @Field(() => Int, { description: "Groups smaller than this are suppressed." })
  threshold!: number;

  @Field(() => Int, { nullable: true, description: "All research-consented members (null if under the threshold)." })
  total!: number | null;

  @Field(() => [StatsCell], { description: "Non-empty groups, largest first." })
  cells!: StatsCell[];
}

type Context = SubgraphContext<MembersLoaders>;

@Resolver(() => StatsCell)
export class DirectoryStatsResolver {
  @Query(() => DirectoryStats, { description: "Researchers: member counts by country, society, career stage and/or profession, small groups suppressed (also where subtraction would reveal them)." })
  @Directive(cost(WEIGHTS.statistics))
  async directoryStats(@Arg("groupBy", () => [StatsDimension]) groupBy: StatsDimension[], @Ctx() { em, caller }: Context): Promise<DirectoryStats> {
    requireResearcher(caller);
    const dimensions = [...new Set(groupBy)];
    if (dimensions.length === 0) throw badUserInput([{ field: "groupBy", message: "name at least one dimension" }]);
    const columns = dimensions.map((dimension) => COLUMNS[dimension]);
    const professions = dimensions.includes(StatsDimension.PROFESSION) ? "cross join unnest(m.professions) as profession" : "";
    const rows = await em.execute<{ key: string[]; count: string; total: string }[]>(
      `select array[${columns.join(", ")}] as key, count(*) as count,
              (select count(*) from member where research_consent) as total
         from member m ${professions}
        where m.research_consent
        group by ${columns.join(", ")}`,
    );
    const released = suppressSmallCells(rows.map((row) => ({ key: row.key, count: Number(row.count) })), dimensions.length);
    const total = Number(rows[0]?.total ?? 0);
    const value = (cell: { key: string[] }, dimension: StatsDimension) => {
      const index = dimensions.indexOf(dimension);
      return index < 0 ? null : cell.key[index]!;
    };
    return {
      groupBy: dimensions,
      threshold: SUPPRESSION_THRESHOLD,
      total: total < SUPPRESSION_THRESHOLD ? null : total,
      cells: released
        .sort((a, b) => Number(a.suppressed) - Number(b.suppressed) || b.count - a.count || a.key.join().localeCompare(b.key.join()))
        .map((cell) => ({
          country: value(cell, StatsDimension.COUNTRY),
          societyId: value(cell, StatsDimension.SOCIETY),
          careerStage: value(cell, StatsDimension.CAREER_STAGE) as CareerStage | null,
          profession: value(cell, StatsDimension.PROFESSION) as Profession | null,
          count: cell.suppressed ? null : cell.count,
          suppressed: cell.suppressed,
        })),
    };
  }

  @FieldResolver(() => Society, { nullable: true })
  society(@Root() cell: StatsCell, @Ctx() { loaders }: Context): Promise<Society | null> | null {
    return cell.societyId ? loaders.societyById.load(cell.societyId) : null;
  }

  @Query(() => [MonthlyCount], { description: "Researchers: new memberships of research-consented members per month (default: the last 24)." })
  @Directive(MONTHLY_SERIES_SIZE)
  @Directive(MONTHLY_SERIES_COST)
  async membershipTimeSeries(
    @Arg("from", () => DateResolver, { nullable: true }) from: Date | null,
    @Arg("to", () => DateResolver, { nullable: true }) to: Date | null,
    @Ctx() { em, caller }: Context,
  ): Promise<MonthlyCount[]> {
    return monthlyCounts(em, caller, { from, to },
      `select to_char(ms.since, 'YYYY-MM') as month, count(*)::int as count from membership ms join member m on m.id = ms.member_id
        where m.research_consent and ms.since >= ?::date and ms.since < ?::date group by 1`);
  }
}
