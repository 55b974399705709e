import { describe, expect, it } from "vitest";
import { monthRange, roundCount } from "../../lib/stats.js";
import { groupRounded, roundFinestCells, type FinestCell } from "../../subgraphs/members/stats/rounded-table.js";

const KEYS = Array.from({ length: 65_536 }, (_, key) => key);

describe("cell key random rounding to base 5", () => {
  it("should release zero and multiples of 5 as they are, whatever the cell key", () => {
    for (const count of [0, 5, 10, 235]) expect(new Set(KEYS.map((key) => roundCount(count, key)))).toEqual(new Set([count]));
  });

  it("should release a group of 1–4 as 0 or 5, up as often as the count is close to 5 (unbiased)", () => {
    for (const count of [1, 2, 3, 4, 6, 13]) {
      const released = KEYS.map((key) => roundCount(count, key));
      const down = count - (count % 5);
      expect(new Set(released)).toEqual(new Set([down, down + 5]));
      const mean = released.reduce((sum, value) => sum + value, 0) / KEYS.length;
      expect(mean).toBeCloseTo(count, 3);
    }
  });

  const cell = (country: string, professions: string[], count: number, key: number): FinestCell => ({ country, society: "s", careerStage: "TRAINEE", professions, count, key });

  it("should round a cell once, as the sum of its records' keys, even when the database returned it in parts", () => {
    // The same set of professions stored in two orders is one finest cell: 2 + 1 members, keys 30000 + 20000.
    const [merged] = roundFinestCells([cell("PT", ["NURSE", "EDUCATOR"], 2, 30_000), cell("PT", ["EDUCATOR", "NURSE"], 1, 20_000)]);
    expect(merged).toMatchObject({ professions: ["EDUCATOR", "NURSE"], released: roundCount(3, 50_000) });
  });

  it("should publish every grouping as sums of the same rounded finest cells, a member counting under each profession", () => {
    const finest = roundFinestCells([cell("PT", ["NURSE"], 10, 1), cell("PT", ["EDUCATOR", "NURSE"], 5, 2), cell("DE", ["NURSE"], 3, 0), cell("DE", ["OTHER"], 1, 65_000)]);
    // DE/NURSE (3 with key 0) rounds up, DE/OTHER (1 with a high key) rounds down and disappears.
    expect(groupRounded(finest, ["country"])).toEqual([{ values: ["PT"], count: 15 }, { values: ["DE"], count: 5 }]);
    expect(groupRounded(finest, ["profession"])).toEqual([{ values: ["NURSE"], count: 20 }, { values: ["EDUCATOR"], count: 5 }]);
    expect(groupRounded(finest, ["country", "profession"])).toEqual([{ values: ["PT", "NURSE"], count: 15 }, { values: ["PT", "EDUCATOR"], count: 5 }, { values: ["DE", "NURSE"], count: 5 }]);
  });
});

describe("series ranges", () => {
  it("should widen any bounds to whole months, so that ranges a day apart give the same months", () => {
    expect(monthRange(new Date("2025-03-10"), new Date("2025-03-20"))).toEqual({ from: "2025-03-01", to: "2025-04-01" });
    expect(monthRange(new Date("2025-03-11"), new Date("2025-03-21"))).toEqual({ from: "2025-03-01", to: "2025-04-01" });
    expect(monthRange(new Date("2025-01-01"), new Date("2026-01-01"))).toEqual({ from: "2025-01-01", to: "2026-01-01" });
  });
});
