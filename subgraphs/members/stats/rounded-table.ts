import { addCellKeys, roundCount } from "../../../lib/stats.js";

/** The dimensions a directory table can be grouped by, as the finest cells carry them. */
export interface FinestKey {
  country: string;
  society: string;
  careerStage: string;
  /** A member's professions as a set (sorted): the finest cells split by the whole set. */
  professions: string[];
}

export interface FinestCell extends FinestKey {
  count: number;
  /** The cell key: the sum of the cell's record keys (lib/stats.ts). */
  key: number;
}

export type Dimension = "country" | "society" | "careerStage" | "profession";

export interface ReleasedGroup {
  /** One value per grouped dimension, in the order asked for. */
  values: string[];
  count: number;
}

/**
 * Merges rows that are the same finest cell once professions are read as a set (the database groups by the
 * array as stored), then rounds each finest cell. Keys add up, so a merged cell has the key of its records.
 */
export function roundFinestCells(rows: FinestCell[]): (FinestKey & { released: number })[] {
  const cells = new Map<string, FinestCell>();
  for (const row of rows) {
    const professions = [...new Set(row.professions)].sort();
    const id = JSON.stringify([row.country, row.society, row.careerStage, professions]);
    const cell = cells.get(id);
    if (cell) cells.set(id, { ...cell, count: cell.count + row.count, key: addCellKeys(cell.key, row.key) });
    else cells.set(id, { ...row, professions });
  }
  return [...cells.values()].map(({ count, key, ...cell }) => ({ ...cell, released: roundCount(count, key) }));
}

/**
 * A grouping's figures as sums of rounded finest cells (a member with two professions counts under both);
 * groups that add up to zero are left out, as empty groups are.
 */
export function groupRounded(finest: (FinestKey & { released: number })[], dimensions: Dimension[]): ReleasedGroup[] {
  const groups = new Map<string, ReleasedGroup>();
  for (const cell of finest) {
    if (cell.released === 0) continue;
    let keys: string[][] = [[]];
    for (const dimension of dimensions) {
      const values = dimension === "profession" ? cell.professions : [cell[dimension]];
      keys = keys.flatMap((key) => values.map((value) => [...key, value]));
    }
    for (const values of keys) {
      const id = JSON.stringify(values);
      const group = groups.get(id) ?? { values, count: 0 };
      group.count += cell.released;
      groups.set(id, group);
    }
  }
  return [...groups.values()];
}
