import { buildSchema, parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { normaliseOperation } from "../../lib/normalised-operation.js";

const schema = buildSchema(`
  scalar DateTime
  enum Stage { EARLY LATE }
  input Filter { q: String, country: String, stages: [Stage!], since: DateTime }
  type Member { id: ID! name: String! works(first: Int!, year: Int): [String!]! }
  type Query {
    member(id: ID!): Member
    members(first: Int = 20, filter: Filter, ids: [ID!]): [Member!]!
    score(weight: Float): Float
  }
`);

const normalise = (source: string, operationName?: string) => normaliseOperation(schema, parse(source), operationName)!;

describe("normalising a recorded operation", () => {
  const source = `
    # Dr Müller's search, typed in the partner site
    query Find($first: Int = 5, $stage: Stage!) {
      member(id: "5b1f6f52-9a7c-4d1e-9d7e-123456789abc") { name works(first: 3, year: 2024) }
      members(first: $first, filter: { q: "jürgen.müller@example.org", country: "DE", stages: [$stage, LATE], since: "2020-01-01T00:00:00Z" }, ids: ["a", "b"]) {
        ...Names
      }
      score(weight: 0.5)
    }
    query Other { members { id } }
    fragment Names on Member { name works(first: 1) }
    fragment Unused on Member { id }`;

  it("should keep no literal, comment, other operation or unused fragment", () => {
    const { document, name } = normalise(source, "Find");
    expect(name).toBe("Find");
    for (const gone of ["Müller", "müller", "5b1f6f52", "DE", "2020-01-01", '"a"', "2024", "0.5", "#", "Other", "Unused"]) expect(document).not.toContain(gone);
    expect(document).toContain("LATE"); // enum values name the schema, not a person
  });

  it("should still validate against the schema, each literal a variable of its argument's type", () => {
    const { document } = normalise(source, "Find");
    expect(validate(schema, parse(document))).toEqual([]);
    expect(document).toMatch(/\$_1: ID!/);
    expect(document).toMatch(/: DateTime!/);
    expect(document).toMatch(/: Float!/);
    expect(document).toContain("$first: Int = 0");
  });

  it("should give one signature to documents that differ only in comments, layout and literals", () => {
    const a = normalise(`query Q { member(id: "1") { name } }`);
    const b = normalise(`# padding\n\n  query   Q {\n member(id: "2") {\n name } } # more`);
    expect(b.signature).toBe(a.signature);
    expect(b.document).toBe(a.document);
    expect(normalise(`query Q { member(id: "1") { id } }`).signature).not.toBe(a.signature);
  });

  it("should find the only operation when the request names none, and nothing for an unknown name", () => {
    expect(normalise(`query Named { members { id } }`).name).toBe("Named");
    expect(normaliseOperation(schema, parse(`{ members { id } }`), "Missing")).toBeNull();
  });

  it("should not reuse a variable name the client declared", () => {
    const { document } = normalise(`query ($_1: Int!) { members(first: $_1, ids: ["x"]) { id } }`);
    expect(validate(schema, parse(document))).toEqual([]);
  });
});
