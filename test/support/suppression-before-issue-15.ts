/*
 * The rule directoryStats followed before issue 15, kept only so that the disclosure attack can show what it
 * recovers from it: cells under 5 suppressed, then complementary suppression within each table until no row
 * or column has a lone suppressed cell — table by table, blind to the other tables it can be combined with.
 */

export interface CountedCell {
  key: string[];
  count: number;
}

export interface ReleasedCell extends CountedCell {
  suppressed: boolean;
}

export function suppressSmallCells(cells: CountedCell[], dimensions: number): ReleasedCell[] {
  const released = cells.map((cell) => ({ ...cell, suppressed: cell.count < 5 }));
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
