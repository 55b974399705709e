import { Directive, Field, Float, Int, ObjectType, registerEnumType } from "type-graphql";
import { CareerStage } from "./career-stage.js";
import type { EntityManager } from "./database.js";
import { badUserInput, InputProblems, notFound } from "./errors.js";
import type { Caller } from "./identity.js";
import type { MemberProfileLoader } from "./member-access.js";
import { DISCLOSURE_CONTROL_METHOD, requireResearcher, ROUNDING_BASE, roundCount } from "./stats.js";

/*
 * Ratings of events (events subgraph) and of mentoring relations (mentorship subgraph), written once here:
 * the checks on a rating, the organiser's exact summary and the researchers' rounded tables. Each rating row
 * records the rater's country, career stage and research consent as the members subgraph gave them at rating
 * time, and the format (programme format or event kind) of what was rated; researchers' tables count only
 * ratings given with research consent, as directoryStats counts only research-consented members.
 */

/** Longest comment a rating may carry. */
export const MAX_COMMENT = 2000;
/** Most comments a summary shows, newest first. */
export const SUMMARY_COMMENTS = 50;

export interface RatingFields {
  score: number;
  comment: string | null;
}

/** A score of 1–5 and an optional comment (trimmed, empty = none); BAD_USER_INPUT names the field. */
export function validateRating(input: { score: number; comment?: string | null }): RatingFields {
  const problems = new InputProblems();
  if (!Number.isInteger(input.score) || input.score < 1 || input.score > 5) problems.add("input.score", "must be a whole number from 1 to 5");
  const comment = input.comment?.trim() || null;
  if (comment && comment.length > MAX_COMMENT) problems.add("input.comment", `at most ${MAX_COMMENT} characters`);
  problems.throwIfAny();
  return { score: input.score, comment };
}

/** What a rating records about its rater: the directory's facts, asked through the gateway, never the client's. */
export interface RaterFacts {
  country: string;
  careerStage: CareerStage;
  researchConsent: boolean;
}

/** The rater's facts at rating time; NOT_FOUND when the directory has no country or career stage for them. */
export async function raterFacts(memberProfile: MemberProfileLoader, memberId: string): Promise<RaterFacts> {
  const profile = await memberProfile.load(memberId);
  if (!profile.country || !profile.careerStage) throw notFound("Member", memberId);
  return { country: profile.country, careerStage: profile.careerStage as CareerStage, researchConsent: profile.research };
}

@ObjectType({ description: "Ratings of one event or programme, exactly, for its organiser." })
@Directive("@shareable")
export class FeedbackSummary {
  @Field(() => Int, { description: "Ratings given." })
  count!: number;

  @Field(() => Float, { nullable: true, description: "Mean score (1–5); null without ratings." })
  average!: number | null;

  @Field(() => [Int], { description: "How many gave each score: five counts, for 1 to 5." })
  distribution!: number[];

  @Field(() => [String], { description: `Comments, newest first, without who wrote them (at most ${SUMMARY_COMMENTS}).` })
  comments!: string[];
}

/**
 * The exact summaries of the ratings in `table` whose `column` is one of `ids` (a table and column this code
 * names, never a client), for a DataLoader: two statements for a whole page of events or programmes.
 */
export async function feedbackSummaries(em: EntityManager, table: string, column: string, ids: string[]): Promise<Map<string, FeedbackSummary>> {
  const counts = await em.execute<{ target: string; score: number; count: number }[]>(
    `select "${column}" as target, score, count(*)::int as count from "${table}" where "${column}" in (?) group by 1, 2`,
    [ids],
  );
  const comments = await em.execute<{ target: string; comment: string }[]>(
    `select target, comment from (
       select "${column}" as target, comment, row_number() over (partition by "${column}" order by created_at desc, id) as n
         from "${table}" where "${column}" in (?) and comment is not null) newest
      where n <= ${SUMMARY_COMMENTS} order by target, n`,
    [ids],
  );
  return new Map(
    ids.map((id) => {
      const distribution = [1, 2, 3, 4, 5].map((score) => counts.find((row) => row.target === id && Number(row.score) === score)?.count ?? 0);
      return [id, { ...meanOf(distribution), distribution, comments: comments.filter((row) => row.target === id).map((row) => row.comment) }];
    }),
  );
}

/** The summary of a target nobody has rated. */
export const NO_FEEDBACK: FeedbackSummary = { count: 0, average: null, distribution: [0, 0, 0, 0, 0], comments: [] };

function meanOf(distribution: number[]): { count: number; average: number | null } {
  const count = distribution.reduce((sum, n) => sum + n, 0);
  const total = distribution.reduce((sum, n, index) => sum + n * (index + 1), 0);
  return { count, average: count === 0 ? null : Math.round((total / count) * 100) / 100 };
}

export enum FeedbackDimension {
  FORMAT = "FORMAT",
  COUNTRY = "COUNTRY",
  CAREER_STAGE = "CAREER_STAGE",
}
registerEnumType(FeedbackDimension, {
  name: "FeedbackDimension",
  description: "A dimension rating statistics can be grouped by.",
  valuesConfig: {
    FORMAT: { description: "The programme's format (mentoring ratings) or the event's kind (event ratings)." },
    COUNTRY: { description: "The rater's country when they rated." },
    CAREER_STAGE: { description: "The rater's career stage when they rated." },
  },
});

@ObjectType({ description: "One group of ratings: its count rounded by cell key random rounding to base 5, and the mean of the rounded counts." })
@Directive("@shareable")
export class FeedbackStatsCell {
  @Field(() => String, { nullable: true, description: "Programme format or event kind; null unless grouped by FORMAT." })
  format!: string | null;

  @Field(() => String, { nullable: true, description: "ISO 3166-1 alpha-2 country; null unless grouped by COUNTRY." })
  country!: string | null;

  @Field(() => CareerStage, { nullable: true, description: "Career stage; null unless grouped by CAREER_STAGE." })
  careerStage!: CareerStage | null;

  @Field(() => Int, { description: "Ratings in the group: a multiple of 5, the sum of its rounded finest cells." })
  count!: number;

  @Field(() => Float, { nullable: true, description: "Mean score computed from the rounded counts per score (so it tells nothing they do not)." })
  average!: number | null;
}

@ObjectType({ description: "Rating counts and means for researchers, protected by cell key random rounding to base 5 like directoryStats." })
@Directive("@shareable")
export class FeedbackStats {
  @Field(() => [FeedbackDimension], { description: "The dimensions counted by, as asked." })
  groupBy!: FeedbackDimension[];

  @Field(() => Int, { description: "Groups smaller than this are never published as they are: every count is a multiple of it." })
  threshold!: number;

  @Field(() => String, { description: "The disclosure-control method every figure went through." })
  method!: string;

  @Field(() => Int, { description: "All ratings: the sum of every rounded finest cell." })
  total!: number;

  @Field(() => [FeedbackStatsCell], { description: "Groups whose rounded count is not zero, largest first." })
  cells!: FeedbackStatsCell[];
}

/** A finest cell: one format, country, career stage and score, with its count and cell key (lib/stats.ts). */
export interface RatingCell {
  format: string;
  country: string;
  careerStage: string;
  score: number;
  count: number;
  key: number;
}

const DIMENSION_FIELD: Record<FeedbackDimension, "format" | "country" | "careerStage"> = { FORMAT: "format", COUNTRY: "country", CAREER_STAGE: "careerStage" };

/**
 * A researcher's table: `sql` selects the finest cells (format, country, "careerStage", score, count, key —
 * `cellKeySql` of the rating ids) grouped by all four. Every finest cell is rounded once; each published count
 * is a sum of rounded cells and each mean is computed from them, as directoryStats does.
 */
export async function feedbackStats(em: EntityManager, caller: Caller, groupBy: FeedbackDimension[], sql: string): Promise<FeedbackStats> {
  requireResearcher(caller);
  const dimensions = [...new Set(groupBy)];
  if (dimensions.length === 0) throw badUserInput([{ field: "groupBy", message: "name at least one dimension" }]);
  const finest = (await em.execute<RatingCell[]>(sql)).map((cell) => ({ ...cell, released: roundCount(Number(cell.count), Number(cell.key)) }));
  const groups = new Map<string, { values: string[]; distribution: number[] }>();
  for (const cell of finest) {
    if (cell.released === 0) continue;
    const values = dimensions.map((dimension) => cell[DIMENSION_FIELD[dimension]]);
    const id = JSON.stringify(values);
    const group = groups.get(id) ?? { values, distribution: [0, 0, 0, 0, 0] };
    group.distribution[Number(cell.score) - 1]! += cell.released;
    groups.set(id, group);
  }
  const value = (values: string[], dimension: FeedbackDimension) => (dimensions.includes(dimension) ? values[dimensions.indexOf(dimension)]! : null);
  const cells = [...groups.values()]
    .map(({ values, distribution }) => ({
      format: value(values, FeedbackDimension.FORMAT),
      country: value(values, FeedbackDimension.COUNTRY),
      careerStage: value(values, FeedbackDimension.CAREER_STAGE) as CareerStage | null,
      ...meanOf(distribution),
      sortKey: values.join(),
    }))
    .sort((a, b) => b.count - a.count || a.sortKey.localeCompare(b.sortKey))
    .map(({ sortKey: _sortKey, ...cell }) => cell);
  return { groupBy: dimensions, threshold: ROUNDING_BASE, method: DISCLOSURE_CONTROL_METHOD, total: finest.reduce((sum, cell) => sum + cell.released, 0), cells };
}
