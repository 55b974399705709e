import GLPK from "glpk.js/node";

/*
 * A differencing attack on published statistics, as an intruder who knows the method would run it: the true
 * counts of the finest cells are unknown non-negative integers, every published figure is a linear constraint
 * on them, and for each protected group (1–4 people) integer programming finds the smallest and largest count
 * the figures allow. A group whose count is pinned to fewer than five possible values is disclosed.
 */

/** The directory's dimensions; a finest cell has one value of each, and professions as a set. */
export interface FinestCell {
  country: string;
  society: string;
  careerStage: string;
  professions: string[];
}

export type Dimension = "COUNTRY" | "SOCIETY" | "CAREER_STAGE" | "PROFESSION";
export const DIMENSIONS: Dimension[] = ["COUNTRY", "SOCIETY", "CAREER_STAGE", "PROFESSION"];

/** Every grouping a researcher can ask for: each non-empty set of dimensions. */
export const GROUPINGS: Dimension[][] = Array.from({ length: 15 }, (_, bits) => DIMENSIONS.filter((_, index) => ((bits + 1) >> index) & 1));

/** The cells an intruder must allow for: every combination of known values, professions as sets of one or two. */
export function finestDomain(values: { countries: string[]; societies: string[]; careerStages: string[]; professions: string[] }): FinestCell[] {
  const sets = values.professions.flatMap((first, index) => [[first], ...values.professions.slice(index + 1).map((second) => [first, second].sort())]);
  return values.countries.flatMap((country) =>
    values.societies.flatMap((society) => values.careerStages.flatMap((careerStage) => sets.map((professions) => ({ country, society, careerStage, professions })))),
  );
}

/** A group's key in a grouping (the values in the grouping's order), as JSON. */
export const groupKey = (values: string[]) => JSON.stringify(values);

/** For one grouping: each group's key and the finest cells it adds up (a cell counts under each of its professions). */
export function groupsOf(domain: FinestCell[], dimensions: Dimension[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  domain.forEach((cell, index) => {
    let keys: string[][] = [[]];
    for (const dimension of dimensions) {
      const values = dimension === "PROFESSION" ? cell.professions : [{ COUNTRY: cell.country, SOCIETY: cell.society, CAREER_STAGE: cell.careerStage }[dimension]];
      keys = keys.flatMap((key) => values.map((value) => [...key, value]));
    }
    for (const key of keys) groups.set(groupKey(key), [...(groups.get(groupKey(key)) ?? []), index]);
  });
  return groups;
}

/**
 * One published figure over the finest cells (indices into one population's cells):
 *   exact    Σ cells = value (a figure published as it is)
 *   atLeast  Σ cells ≥ value (a suppressed group is listed, so not empty)
 *   atMost   Σ cells − Σ minus ≤ value (a count over a wider population, such as every active membership)
 *   rounded  value = Σ of the cells' rounded counts, each true count within 4 of its rounded one (base 5)
 */
export interface Figure {
  kind: "exact" | "atLeast" | "atMost" | "rounded";
  cells: number[];
  value: number;
  minus?: number[];
}

export interface ProtectedGroup {
  name: string;
  cells: number[];
  truth: number;
}

export interface Exposure extends ProtectedGroup {
  /** The smallest count found possible (an upper bound on the true minimum when found by witness). */
  min: number | null;
  /** The largest count found possible. */
  max: number;
  /** At least this many counts are possible: the intruder cannot narrow the group further. */
  possible: number;
  /** Proven by two witness solutions, or by the group's own MIP optimum. */
  by: "witness" | "solver";
}

const BASE = 5;

/**
 * How many counts the figures leave possible for each protected group. `relaxed` solves linear relaxations
 * instead: their range contains the integer one, so a group pinned by them is pinned (fast, to show a leak).
 * `witnesses: false` solves every group's own MIP (slower; to check the witnesses against).
 */
export async function attack(figures: Figure[], groups: ProtectedGroup[], options: { relaxed?: boolean; witnesses?: boolean } = {}): Promise<Exposure[]> {
  const glpk = await GLPK();
  const unique = [...new Map(figures.map((figure) => [JSON.stringify(figure), figure])).values()];
  // Presolve: a figure of zero fixes its cells (exact) or their rounded counts (rounded) at zero.
  const zero = new Set(unique.filter((figure) => figure.kind === "exact" && figure.value === 0).flatMap((figure) => figure.cells));
  const zeroRounded = new Set(unique.filter((figure) => figure.kind === "rounded" && figure.value === 0).flatMap((figure) => figure.cells));
  const rounded = new Set(unique.filter((figure) => figure.kind === "rounded").flatMap((figure) => figure.cells));
  const live = unique.filter((figure) => !((figure.kind === "exact" || figure.kind === "rounded") && figure.value === 0));
  const freeRounded = [...rounded].filter((cell) => !zeroRounded.has(cell));
  // Cells bound to each other by exact sums, lower bounds or a subtraction always take part.
  const bound = new Set(live.flatMap((figure) => (figure.kind === "exact" || figure.kind === "atLeast" ? figure.cells : (figure.minus ?? [])).filter((cell) => !zero.has(cell))));
  const f = (cell: number) => `f${cell}`;
  const q = (cell: number) => `q${cell}`;

  /** The integer program over the figures, with `objective` (cells) to minimise or maximise. */
  const solve = (objectiveCells: number[], direction: number): { z: number; vars: Record<string, number> } => {
    const objective = new Set(objectiveCells.filter((cell) => !zero.has(cell)));
    // A cell outside the objective that only an upper bound names, with a rounded count of zero, can be taken as
    // empty: that loosens nothing. A rounded cell's own count matters only through its rounded count otherwise.
    const taking = (cell: number) => !zero.has(cell) && (objective.has(cell) || bound.has(cell) || (rounded.has(cell) && !zeroRounded.has(cell)));
    const fs = new Set([...objective, ...bound, ...live.filter((figure) => figure.kind === "atMost").flatMap((figure) => figure.cells).filter(taking)]);
    const subjectTo = live.flatMap((figure, index) => {
      if (figure.kind === "rounded") {
        const vars = figure.cells.filter((cell) => !zeroRounded.has(cell)).map((cell) => ({ name: q(cell), coef: BASE }));
        return [{ name: `r${index}`, vars, bnds: { type: glpk.GLP_FX, lb: figure.value, ub: figure.value } }];
      }
      const vars = [...figure.cells.filter((cell) => fs.has(cell)).map((cell) => ({ name: f(cell), coef: 1 })), ...(figure.minus ?? []).filter((cell) => fs.has(cell)).map((cell) => ({ name: f(cell), coef: -1 }))];
      if (vars.length === 0) return [];
      const bnds = figure.kind === "exact" ? { type: glpk.GLP_FX, lb: figure.value, ub: figure.value }
        : figure.kind === "atLeast" ? { type: glpk.GLP_LO, lb: figure.value, ub: 0 }
        : { type: glpk.GLP_UP, lb: 0, ub: figure.value };
      return [{ name: `c${index}`, vars, bnds }];
    });
    const bounds: { name: string; type: number; lb: number; ub: number }[] = [];
    for (const cell of fs) {
      if (!rounded.has(cell)) continue;
      if (zeroRounded.has(cell)) bounds.push({ name: f(cell), type: glpk.GLP_DB, lb: 0, ub: BASE - 1 });
      // Rounding moves a count by less than the base: 5q − 4 ≤ f ≤ 5q + 4.
      else subjectTo.push({ name: `b${cell}`, vars: [{ name: f(cell), coef: 1 }, { name: q(cell), coef: -BASE }], bnds: { type: glpk.GLP_DB, lb: 1 - BASE, ub: BASE - 1 } });
    }
    const result = glpk.solve(
      {
        name: "attack",
        objective: { direction, name: "count", vars: [...objective].map((cell) => ({ name: f(cell), coef: 1 })) },
        subjectTo,
        bounds,
        generals: options.relaxed ? [] : [...[...fs].map(f), ...freeRounded.map(q)],
      },
      { msglev: glpk.GLP_MSG_OFF },
    );
    if (result.result.status === glpk.GLP_UNBND) return { z: direction === glpk.GLP_MAX ? Infinity : -Infinity, vars: {} };
    if (result.result.status !== glpk.GLP_OPT) throw new Error(`solver status ${result.result.status}: the published figures should allow the truth`);
    const z = result.result.z;
    return { z: options.relaxed ? (direction === glpk.GLP_MAX ? Math.floor(z + 1e-6) : Math.ceil(z - 1e-6)) : Math.round(z), vars: result.result.vars };
  };

  /*
   * Witnesses: where every figure is rounded or an upper bound, one integer solution of the program fixes
   * rounded counts that fit every figure, and each cell may then hold anything from max(0, 5q − 4) to 5q + 4.
   * With every cell at its bottom (subtracted cells at their top), raising one cell of the group to its top
   * gives a second solution at least 4 higher: if the upper bounds still hold, the group has at least five
   * possible counts without a solve of its own. Groups where this fails get their own MIP minimum and maximum.
   */
  const witnessable = !options.relaxed && options.witnesses !== false && live.every((figure) => figure.kind === "rounded" || figure.kind === "atMost");
  const feasible = witnessable ? solve([], glpk.GLP_MIN).vars : {};
  const lower = (cell: number) => Math.max(0, BASE * (feasible[q(cell)] ?? 0) - (BASE - 1));
  const upper = (cell: number) => BASE * (feasible[q(cell)] ?? 0) + (BASE - 1);
  const upperBounds = live.filter((figure) => figure.kind === "atMost");
  const bounded = upperBounds.map((figure) => new Set(figure.cells));
  const slack = upperBounds.map((figure) => {
    if (!(figure.minus ?? []).every((cell) => rounded.has(cell))) return Infinity;
    return figure.value - figure.cells.reduce((sum, cell) => sum + (rounded.has(cell) ? lower(cell) : 0), 0) + (figure.minus ?? []).reduce((sum, cell) => sum + upper(cell), 0);
  });
  const witness = (group: ProtectedGroup): { min: number; max: number } | null => {
    if (!witnessable || !group.cells.every((cell) => rounded.has(cell)) || slack.some((room) => room < 0)) return null;
    const raised = group.cells.find((cell) => bounded.every((cells, index) => !cells.has(cell) || upper(cell) - lower(cell) <= slack[index]!));
    if (raised === undefined) return null;
    const min = group.cells.reduce((sum, cell) => sum + lower(cell), 0);
    return { min, max: min + upper(raised) - lower(raised) };
  };

  return groups.map((group) => {
    const proven = witness(group);
    if (proven) return { ...group, ...proven, possible: proven.max - proven.min + 1, by: "witness" as const };
    const max = solve(group.cells, glpk.GLP_MAX).z;
    // The truth is always possible, so min ≤ truth: a maximum 4 above it already leaves five values.
    const min = max >= group.truth + BASE - 1 ? null : solve(group.cells, glpk.GLP_MIN).z;
    return { ...group, min, max, possible: max - (min ?? group.truth) + 1, by: "solver" as const };
  });
}
