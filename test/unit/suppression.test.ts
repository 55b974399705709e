import { describe, expect, it } from "vitest";
import { suppressSmallCells } from "../../subgraphs/members/stats/suppression.js";

const released = (cells: [string[], number][], dimensions: number) =>
  Object.fromEntries(suppressSmallCells(cells.map(([key, count]) => ({ key, count })), dimensions).map((cell) => [cell.key.join("/"), cell.suppressed]));

describe("suppressing small groups", () => {
  it("should suppress every group under 5 and nothing else when no subtraction could reveal one", () => {
    expect(released([[["PT"], 12], [["DE"], 3], [["IE"], 4], [["ES"], 20]], 1)).toEqual({ PT: false, DE: true, IE: true, ES: false });
  });

  it("should suppress the smallest other group when one small group could be worked out from the total", () => {
    // total 34 − 12 − 20 would give DE = 2: ES or PT must go too, the smaller one.
    expect(released([[["PT"], 12], [["DE"], 2], [["ES"], 20]], 1)).toEqual({ PT: true, DE: true, ES: false });
  });

  it("should protect a small cell in both directions of a two-way table, until no line has a lone suppressed cell", () => {
    const cells: [string[], number][] = [
      [["PT", "TRAINEE"], 3], [["PT", "SENIOR"], 9], [["PT", "STUDENT"], 11],
      [["DE", "TRAINEE"], 7], [["DE", "SENIOR"], 8], [["DE", "STUDENT"], 30],
    ];
    const result = released(cells, 2);
    expect(result["PT/TRAINEE"]).toBe(true);
    expect(result["PT/SENIOR"]).toBe(true); // PT's row: the smallest partner
    expect(result["DE/TRAINEE"]).toBe(true); // the TRAINEE column would otherwise give PT/TRAINEE away
    expect(result["DE/SENIOR"]).toBe(true); // …and then DE's row and the SENIOR column need a second cell
    expect(result["PT/STUDENT"]).toBe(false);
    expect(result["DE/STUDENT"]).toBe(false);
    // No line (row or column) is left with exactly one suppressed cell.
    for (const [index] of [[0], [1]]) {
      const lines = new Map<string, boolean[]>();
      for (const [key] of cells) {
        const line = key.filter((_, position) => position !== index).join();
        lines.set(line, [...(lines.get(line) ?? []), result[key.join("/")]!]);
      }
      for (const flags of lines.values()) if (flags.length > 1) expect(flags.filter(Boolean).length).not.toBe(1);
    }
  });

  it("should leave a table without small groups untouched", () => {
    expect(Object.values(released([[["A", "X"], 5], [["A", "Y"], 6], [["B", "X"], 7]], 2)).every((flag) => !flag)).toBe(true);
  });
});
