import { SUPPRESSION_THRESHOLD } from "../../../lib/stats.js";

export interface CountedCell {
  /** One value per grouped dimension. */
  key: string[];
  count: number;
}

export interface ReleasedCell extends CountedCell {
  /** True when the count must not be shown. */
  suppressed: boolean;
}

/**
 * Which cells of a contingency table may be released. Cells under the threshold are suppressed
 * (primary suppression). Then, because every line of the table — the cells that share all key values but
 * one — adds up to a count published elsewhere (a coarser grouping, or the total), a line with exactly one
 * suppressed cell would give it away by subtraction; so the smallest other cell of that line is suppressed
 * too (complementary suppression), repeated until no line has a lone suppressed cell.
 */
export function suppressSmallCells(cells: CountedCell[], dimensions: number): ReleasedCell[] {
  const released = cells.map((cell) => ({ ...cell, suppressed: cell.count < SUPPRESSION_THRESHOLD }));
  let changed = true;
  while (changed) {
    changed = false;
    for (let dimension = 0; dimension < dimensions; dimension++) {
      const lines = new Map<string, ReleasedCell[]>();
      for (const cell of released) {
        const line = JSON.stringify(cell.key.filter((_, index) => index !== dimension));
        lines.set(line, [...(lines.get(line) ?? []), cell]);
      }
      for (const line of lines.values()) {
        if (line.filter((cell) => cell.suppressed).length !== 1) continue;
        const partner = line
          .filter((cell) => !cell.suppressed)
          .sort((a, b) => a.count - b.count || a.key.join("\u0000").localeCompare(b.key.join("\u0000")))[0];
        if (partner) {
          partner.suppressed = true;
          changed = true;
        }
      }
    }
  }
  return released;
}
