import { describe, expect, it } from "vitest";
import type { EntityManager } from "../../lib/database.js";
import { FeedbackDimension, feedbackStats, validateRating, type RatingCell } from "../../lib/feedback.js";
import type { Caller } from "../../lib/identity.js";

const researcher = { role: "researcher", societyId: null } as unknown as Caller;
/** Stands in for the database: answers the finest-cell query with these rows. */
const rowsOf = (cells: RatingCell[]) => ({ execute: async () => cells }) as unknown as EntityManager;
const cell = (format: string, country: string, careerStage: string, score: number, count: number, key: number): RatingCell => ({ format, country, careerStage, score, count, key });

describe("ratings", () => {
  it("should take a score of 1–5 and a trimmed comment, and refuse anything else naming the field", () => {
    expect(validateRating({ score: 5, comment: "  Great  " })).toEqual({ score: 5, comment: "Great" });
    expect(validateRating({ score: 1, comment: "   " })).toEqual({ score: 1, comment: null });
    for (const score of [0, 6, 2.5]) expect(() => validateRating({ score })).toThrow(/input\.score/);
    expect(() => validateRating({ score: 3, comment: "x".repeat(2001) })).toThrow(/input\.comment/);
  });

  it("should publish only sums of rounded finest cells, and means computed from them", async () => {
    const cells = [
      cell("SPEED", "GB", "TRAINEE", 5, 7, 1_000), // 7 → 10 (a low key rounds up)
      cell("SPEED", "GB", "TRAINEE", 4, 3, 1_000), // 3 → 5
      cell("SPEED", "IE", "TRAINEE", 2, 2, 60_000), // 2 → 0 (a high key rounds down)
      cell("GROUP", "GB", "SENIOR", 3, 5, 123), // 5 → 5
    ];
    const stats = await feedbackStats(rowsOf(cells), researcher, [FeedbackDimension.FORMAT], "…");
    expect(stats.total).toBe(20);
    expect(stats.cells).toEqual([
      { format: "SPEED", country: null, careerStage: null, count: 15, average: 4.67 },
      { format: "GROUP", country: null, careerStage: null, count: 5, average: 3 },
    ]);
    const byCountry = await feedbackStats(rowsOf(cells), researcher, [FeedbackDimension.COUNTRY, FeedbackDimension.CAREER_STAGE], "…");
    // Ireland's two ratings round to nothing and are not shown.
    expect(byCountry.cells.map((group) => [group.country, group.careerStage, group.count])).toEqual([["GB", "TRAINEE", 15], ["GB", "SENIOR", 5]]);
  });

  it("should refuse society keys and an empty grouping", async () => {
    await expect(feedbackStats(rowsOf([]), { role: "society", societyId: "x" } as unknown as Caller, [FeedbackDimension.FORMAT], "…")).rejects.toThrow(/researcher key/);
    await expect(feedbackStats(rowsOf([]), researcher, [], "…")).rejects.toThrow(/groupBy/);
  });
});
