/**
 * What each kind of work weighs in the gateway's cost limit, declared in the subgraphs' SDL with Apollo's
 * demand-control directives and read back from the supergraph (gateway/cost.ts). Units: an object is 1.
 */
export const WEIGHTS = {
  /**
   * One mentor ranking, on its `programId` argument: ≈ 110 ms of database time at 100k members however few
   * matches it returns (`@cost` on an argument counts once per use, times the lists around it).
   */
  ranking: 1000,
  /** A count over a whole list (`totalCount`). */
  count: 10,
  /** Free-text search (trigram match over names and expertise). */
  search: 10,
  /** One disclosure-controlled table of research statistics. */
  statistics: 100,
  /** Each month of a time series (24 by default). */
  month: 4,
  /** Works, prizes and co-authors summed for a member or society. */
  summary: 10,
  /**
   * One speed-mentoring plan: up to 150 × 150 match scores and the rotation, ≈ 0.4 s of the mentorship
   * subgraph at its 300-participant bound and more on a busy machine: at most two in one request.
   */
  speedPlan: 5000,
} as const;

export const cost = (weight: number): string => `@cost(weight: ${weight})`;

/** A Relay connection: `first` edges, `assumedSize` when not given. */
export const paged = (assumedSize: number): string =>
  `@listSize(assumedSize: ${assumedSize}, slicingArguments: ["first"], sizedFields: ["edges"], requireOneSlicingArgument: false)`;

/** A list sized by its own `first` argument, `assumedSize` when not given. */
export const sliced = (assumedSize: number): string =>
  `@listSize(assumedSize: ${assumedSize}, slicingArguments: ["first"], requireOneSlicingArgument: false)`;

/** A list without a size argument that holds about this many items. */
export const assumed = (assumedSize: number): string => `@listSize(assumedSize: ${assumedSize}, requireOneSlicingArgument: false)`;
