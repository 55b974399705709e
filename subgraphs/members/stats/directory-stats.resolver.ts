import { DateResolver } from "graphql-scalars";
import { Arg, Ctx, Directive, Field, FieldResolver, Int, ObjectType, Query, registerEnumType, Resolver, Root } from "type-graphql";
import { CareerStage } from "../../../lib/career-stage.js";
import { cost, WEIGHTS } from "../../../lib/demand-control.js";
import { badUserInput } from "../../../lib/errors.js";
import { cellKeySql, DISCLOSURE_CONTROL_METHOD, MONTHLY_SERIES_COST, MONTHLY_SERIES_SIZE, MonthlyCount, monthlyCounts, requireResearcher, ROUNDING_BASE } from "../../../lib/stats.js";
import type { SubgraphContext } from "../../../lib/subgraph.js";
import type { MembersLoaders } from "../loaders.js";
import { Profession } from "../member/member.entity.js";
import { Society } from "../society/society.entity.js";
import { groupRounded, roundFinestCells, type Dimension, type FinestCell } from "./rounded-table.js";

export enum StatsDimension {
  COUNTRY = "COUNTRY",
  SOCIETY = "SOCIETY",
  CAREER_STAGE = "CAREER_STAGE",
  PROFESSION = "PROFESSION",
}
registerEnumType(StatsDimension, {
  name: "StatsDimension",
  description: "A dimension directory statistics can be grouped by.",
  valuesConfig: {
    COUNTRY: { description: "Country of residence." },
    SOCIETY: { description: "Home society." },
    CAREER_STAGE: { description: "Career stage." },
    PROFESSION: { description: "Profession (a member counts once per profession)." },
  },
});

/** Where each dimension sits in a finest cell; professions are a list, so a member counts once per profession. */
const DIMENSIONS: Record<StatsDimension, Dimension> = {
  COUNTRY: "country",
  SOCIETY: "society",
  CAREER_STAGE: "careerStage",
  PROFESSION: "profession",
};

@ObjectType({ description: "One group of members, its count rounded by cell key random rounding to base 5." })
export class StatsCell {
  @Field(() => String, { description: "ISO 3166-1 alpha-2 country; null unless grouped by COUNTRY.", nullable: true })
  country!: string | null;

  societyId!: string | null;

  @Field(() => CareerStage, { description: "Career stage; null unless grouped by CAREER_STAGE.", nullable: true })
  careerStage!: CareerStage | null;

  @Field(() => Profession, { description: "Profession; null unless grouped by PROFESSION.", nullable: true })
  profession!: Profession | null;

  @Field(() => Int, { nullable: true, description: "A multiple of 5: the sum of the group's rounded finest cells. Never null since counts are rounded rather than withheld." })
  count!: number | null;

  @Field(() => Boolean, { description: "Always false: counts are rounded rather than withheld." })
  suppressed!: boolean;
}

@ObjectType({ description: "Counts over research-consented members only, protected by cell key random rounding to base 5." })
export class DirectoryStats {
  @Field(() => [StatsDimension], { description: "The dimensions counted by, as asked." })
  groupBy!: StatsDimension[];

  @Field(() => Int, { description: "Groups smaller than this are never published as they are: every count is a multiple of it." })
  threshold!: number;

  @Field(() => String, { description: "The disclosure-control method every figure went through." })
  method!: string;

  @Field(() => Int, { nullable: true, description: "All research-consented members: the sum of every rounded finest cell." })
  total!: number | null;

  @Field(() => [StatsCell], { description: "Groups whose rounded count is not zero, largest first." })
  cells!: StatsCell[];
}

type Context = SubgraphContext<MembersLoaders>;

@Resolver(() => StatsCell)
export class DirectoryStatsResolver {
  @Query(() => DirectoryStats, { description: "Researchers: member counts by country, society, career stage and/or profession, rounded by cell key random rounding to base 5 so that no combination of figures recovers a small group." })
  @Directive(cost(WEIGHTS.statistics))
  async directoryStats(@Arg("groupBy", () => [StatsDimension], { description: "Dimensions to count by, at least one (a member counts once per profession when grouped by PROFESSION)." }) groupBy: StatsDimension[], @Ctx() { em, caller }: Context): Promise<DirectoryStats> {
    requireResearcher(caller);
    const dimensions = [...new Set(groupBy)];
    if (dimensions.length === 0) throw badUserInput([{ field: "groupBy", message: "name at least one dimension" }]);
    // Every grouping is summed from the same rounded finest table, whatever was asked for.
    const rows = await em.execute<FinestCell[]>(
      `select m.country, m.society_id::text as society, m.career_stage as "careerStage", m.professions::text[] as professions,
              count(*)::int as count, ${cellKeySql("m.id")} as key
         from member m
        where m.research_consent
        group by m.country, m.society_id, m.career_stage, m.professions`,
    );
    const finest = roundFinestCells(rows);
    const groups = groupRounded(finest, dimensions.map((dimension) => DIMENSIONS[dimension]));
    const value = (group: { values: string[] }, dimension: StatsDimension) => {
      const index = dimensions.indexOf(dimension);
      return index < 0 ? null : group.values[index]!;
    };
    return {
      groupBy: dimensions,
      threshold: ROUNDING_BASE,
      method: DISCLOSURE_CONTROL_METHOD,
      total: finest.reduce((sum, cell) => sum + cell.released, 0),
      cells: groups
        .sort((a, b) => b.count - a.count || a.values.join().localeCompare(b.values.join()))
        .map((group) => ({
          country: value(group, StatsDimension.COUNTRY),
          societyId: value(group, StatsDimension.SOCIETY),
          careerStage: value(group, StatsDimension.CAREER_STAGE) as CareerStage | null,
          profession: value(group, StatsDimension.PROFESSION) as Profession | null,
          count: group.count,
          suppressed: false,
        })),
    };
  }

  @FieldResolver(() => Society, { description: "Home society; null unless grouped by SOCIETY.", nullable: true })
  society(@Root() cell: StatsCell, @Ctx() { loaders }: Context): Promise<Society | null> | null {
    return cell.societyId ? loaders.societyById.load(cell.societyId) : null;
  }

  @Query(() => [MonthlyCount], { description: "Researchers: new memberships of research-consented members per whole month, rounded (default: the last 24)." })
  @Directive(MONTHLY_SERIES_SIZE)
  @Directive(MONTHLY_SERIES_COST)
  async membershipTimeSeries(
    @Arg("from", () => DateResolver, { description: "First month of the series (any day counts as its whole month, UTC). Default: 24 months before `to`; at most ten years before it.", nullable: true }) from: Date | null,
    @Arg("to", () => DateResolver, { description: "Last month of the series (any day counts as its whole month, UTC). Default: the current month.", nullable: true }) to: Date | null,
    @Ctx() { em, caller }: Context,
  ): Promise<MonthlyCount[]> {
    return monthlyCounts(em, caller, { from, to },
      `select to_char(ms.since, 'YYYY-MM') as month, count(*)::int as count, ${cellKeySql("ms.id")} as key from membership ms join member m on m.id = ms.member_id
        where m.research_consent and ms.since >= ?::date and ms.since < ?::date group by 1`);
  }
}
