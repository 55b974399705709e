import { readFile } from "node:fs/promises";
import { buildSchema, getOperationAST, parse, type GraphQLSchema } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_QUERIES, SCENARIOS, type Fixtures } from "../../bench/scenarios.js";
import { costModel, DEFAULT_LIST_SIZE, operationCost, type CostModel } from "../../gateway/cost.js";
import { SPEED_PLAN_QUERY } from "../../gateway/downloads/speed-plan.js";
import { EXAMPLE_OPERATIONS } from "../../gateway/explorer/examples.js";
import { DEFAULT_LIMITS } from "../../gateway/limits.js";
import { compose } from "../../gateway/registry/checks.js";
import { readSupergraphConfig, shippedSubgraphs } from "../../gateway/supergraph.js";

const LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.11", import: ["@key", "@cost", "@listSize"])`;

/** A one-subgraph supergraph: its API schema and the weights composition carried into it. */
function composed(sdl: string): { schema: GraphQLSchema; model: CostModel } {
  const result = compose([{ name: "club", url: "http://club/graphql", societyId: null, sdl: `${LINK}\n${sdl}` }]);
  if (!result.ok) throw new Error(result.errors.map((error) => error.message).join("\n"));
  return { schema: buildSchema(result.apiSdl), model: costModel(result.supergraphSdl) };
}

const costOf = ({ schema, model }: { schema: GraphQLSchema; model: CostModel }, query: string, variables: Record<string, unknown> = {}) => {
  const document = parse(query);
  return operationCost(schema, model, document, getOperationAST(document)!, variables);
};

const CLUB = composed(`
  type Query {
    member(id: ID!): Member
    members(first: Int, after: String, filter: Filter): MemberConnection! @listSize(assumedSize: 20, slicingArguments: ["first"], sizedFields: ["edges"], requireOneSlicingArgument: false)
    everyone: [Member!]!
    ranked(first: Int): [Member!]! @listSize(slicingArguments: ["first"])
    stats: Stats! @cost(weight: 100)
  }
  type Mutation { join(name: String!): Member! }
  input Filter { q: String @cost(weight: 7) country: String }
  type MemberConnection { edges: [MemberEdge!]! totalCount: Int! @cost(weight: 10) }
  type MemberEdge { cursor: String! node: Member! }
  type Member @key(fields: "id") {
    id: ID!
    name: String!
    friends: [Member!]!
    matches(first: Int): [Match!]! @listSize(assumedSize: 10, slicingArguments: ["first"], requireOneSlicingArgument: false) @cost(weight: 50)
    ranking(programme: ID! @cost(weight: 1000), first: Int): [Match!]! @listSize(assumedSize: 10, slicingArguments: ["first"], requireOneSlicingArgument: false)
  }
  type Match { score: Float! mentor: Member! }
  type Stats { total: Int! }
`);

describe("the cost of an operation (Apollo's demand-control algorithm)", () => {
  it("should count an object as 1 and a scalar or enum as 0", () => {
    expect(costOf(CLUB, `{ member(id: "1") { id name } }`)).toBe(1);
    expect(costOf(CLUB, `{ member(id: "1") { __typename } }`)).toBe(1);
  });

  it("should multiply a connection's edges by `first`, from a literal or the request's variables", () => {
    // connection 1 + 5 × (edge 1 + node 1)
    expect(costOf(CLUB, `{ members(first: 5) { edges { node { name } } } }`)).toBe(11);
    expect(costOf(CLUB, `query ($n: Int) { members(first: $n) { edges { node { name } } } }`, { n: 50 })).toBe(101);
    // not given: the declared assumedSize (20)
    expect(costOf(CLUB, `{ members { edges { node { name } } } }`)).toBe(41);
  });

  it("should size a list without @listSize at the default and nest lists multiplicatively", () => {
    expect(costOf(CLUB, `{ everyone { name } }`)).toBe(DEFAULT_LIST_SIZE);
    expect(costOf(CLUB, `{ everyone { friends { name } } }`)).toBe(DEFAULT_LIST_SIZE * (1 + DEFAULT_LIST_SIZE));
  });

  it("should replace an object's weight with @cost on the field, per item of a list", () => {
    // member 1 + 3 × (match 50 + mentor 1)
    expect(costOf(CLUB, `{ member(id: "1") { matches(first: 3) { score mentor { name } } } }`)).toBe(1 + 3 * 51);
    expect(costOf(CLUB, `{ stats { total } }`)).toBe(100);
    expect(costOf(CLUB, `{ members(first: 2) { totalCount } }`)).toBe(1 + 10);
  });

  it("should add @cost of an input field once when it is given, literally or through variables", () => {
    expect(costOf(CLUB, `{ members(first: 1, filter: { q: "muller" }) { totalCount } }`)).toBe(1 + 10 + 7);
    expect(costOf(CLUB, `query ($f: Filter) { members(first: 1, filter: $f) { totalCount } }`, { f: { q: "x" } })).toBe(18);
    expect(costOf(CLUB, `{ members(first: 1, filter: { country: "PT" }) { totalCount } }`)).toBe(11);
  });

  it("should count fields reached through fragment spreads and inline fragments, each time they are spread", () => {
    const direct = costOf(CLUB, `{ a: member(id: "1") { friends { name } } b: member(id: "2") { friends { name } } }`);
    const viaFragments = costOf(CLUB, `{ a: member(id: "1") { ...F } b: member(id: "2") { ... on Member { ...F } } } fragment F on Member { friends { name } }`);
    expect(viaFragments).toBe(direct);
    expect(direct).toBe(2 * (1 + DEFAULT_LIST_SIZE));
  });

  it("should add @cost of an argument once per use, multiplied by the lists around it", () => {
    // member 1 + ranking 1000 + 2 matches × (1 + mentor 1)
    expect(costOf(CLUB, `{ member(id: "1") { ranking(programme: "p", first: 2) { mentor { id } } } }`)).toBe(1 + 1000 + 4);
    // connection 1 + 3 edges × (edge 1 + node 1 + ranking 1000 + 1 match × 1)
    expect(costOf(CLUB, `{ members(first: 3) { edges { node { ranking(programme: "p", first: 1) { score } } } } }`)).toBe(1 + 3 * 1003);
  });

  it("should start a mutation at 10", () => {
    expect(costOf(CLUB, `mutation { join(name: "Ana") { id } }`)).toBe(11);
  });

  it("should refuse a list that requires exactly one slicing argument when none is given", () => {
    expect(costOf(CLUB, `{ ranked(first: 4) { id } }`)).toBe(4);
    expect(() => costOf(CLUB, `{ ranked { id } }`)).toThrow(/exactly one of first/);
  });

  it("should read the directives under the names the supergraph's @link gives them", () => {
    const renamed = costModel(`
      schema @link(url: "https://specs.apollo.dev/link/v1.0") @link(url: "https://specs.apollo.dev/cost/v0.1", as: "weights", import: [{ name: "@listSize", as: "@size" }]) { query: Query }
      type Query { a: [Int] @weights(weight: 3) @size(assumedSize: 4) }`);
    expect(renamed.weights.get("Query.a")).toBe(3);
    expect(renamed.listSizes.get("Query.a")?.assumedSize).toBe(4);
  });
});

describe("copnet's own operations under the default cost limit", () => {
  let copnet: { schema: GraphQLSchema; model: CostModel };
  beforeAll(async () => {
    const result = compose(await shippedSubgraphs(await readSupergraphConfig()));
    if (!result.ok) throw new Error("the committed subgraphs do not compose");
    copnet = { schema: buildSchema(result.apiSdl), model: costModel(result.supergraphSdl) };
  });

  const fixtures: Fixtures = {
    memberIds: ["8a0d0c4e-8a1f-4e0b-9e59-1f3c7a1b2c3d"],
    menteeIds: ["8a0d0c4e-8a1f-4e0b-9e59-1f3c7a1b2c3e"],
    programId: "8a0d0c4e-8a1f-4e0b-9e59-1f3c7a1b2c3f",
    searchTerms: ["muller"],
    eventId: "8a0d0c4e-8a1f-4e0b-9e59-1f3c7a1b2c40",
  };

  it("should keep the explorer's examples, the README's queries and the benchmark's scenarios under the limit", async () => {
    const bodies = [
      ...EXAMPLE_OPERATIONS.map((query) => ({ query, variables: {} })),
      ...(await readmeOperations()).map((query) => ({ query, variables: {} })),
      ...Object.values(SCENARIOS).flatMap((scenario) =>
        scenario.bodies(fixtures).map((body) => JSON.parse(typeof body === "string" ? body : body()) as { query: string; variables: Record<string, unknown> }),
      ),
      ...Object.values(FIXTURE_QUERIES).map((query) => ({ query, variables: {} })),
    ];
    expect(bodies.length).toBeGreaterThan(15);
    const costs = bodies.map(({ query, variables }) => ({ query, cost: costOf(copnet, query, variables) }));
    if (process.env.SHOW_COSTS) console.log(costs.map(({ query, cost }) => `${cost}\t${query.replace(/\s+/g, " ").slice(0, 90)}`).join("\n"));
    expect(costs.filter(({ cost }) => cost > DEFAULT_LIMITS.maxCost)).toEqual([]);
  });

  it("should price 15 aliases of 20 members' mentor matches — 300 rankings — over the limit", () => {
    const aliases = Array.from({ length: 15 }, (_, index) => `a${index}: members(first: 20) { edges { node { mentorMatches(programId: "p", first: 1) { score } } } }`);
    expect(costOf(copnet, `{ ${aliases.join(" ")} }`)).toBeGreaterThan(DEFAULT_LIMITS.maxCost);
  });

  it("should price three speed-mentoring plans in one request over the limit, and the plan download's own query under it", () => {
    const plan = (alias: string) => `${alias}: planSpeedRounds(programId: "p", rounds: 30, minutesPerRound: 1) { pairsMet }`;
    expect(costOf(copnet, `{ ${plan("a")} ${plan("b")} }`)).toBeLessThanOrEqual(DEFAULT_LIMITS.maxCost);
    expect(costOf(copnet, `{ ${plan("a")} ${plan("b")} ${plan("c")} }`)).toBeGreaterThan(DEFAULT_LIMITS.maxCost);
    expect(costOf(copnet, SPEED_PLAN_QUERY, { id: "p", rounds: 30, minutes: 1 })).toBeLessThanOrEqual(DEFAULT_LIMITS.maxCost);
  });
});

/** The operations README.md shows: indented GraphQL (one per unindented line), and the query in its curl example. */
async function readmeOperations(): Promise<string[]> {
  const readme = await readFile(new URL("../../README.md", import.meta.url), "utf8");
  const operations: string[] = [];
  let current: string[] | null = null;
  for (const line of readme.split("\n")) {
    const starts = /^ {4}(query|mutation|\{|curl)/.test(line);
    if (starts) operations.push((current = [line]).join()); 
    else if (current && line.startsWith("     ")) current.push(line);
    else current = null;
    if (current) operations[operations.length - 1] = current.join("\n").trim();
  }
  return operations.map((text) => {
    const curl = /-d '(\{"query":[\s\S]*\})'/.exec(text);
    return curl ? (JSON.parse(curl[1]!.replace(/\n\s*/g, " ")) as { query: string }).query : text;
  });
}
