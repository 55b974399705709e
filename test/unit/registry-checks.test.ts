import { describe, expect, it } from "vitest";
import { compareSchemas, compose, describeReport } from "../../gateway/registry/checks.js";

const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.11", import: ["@key"])';
const people = (extra = "") => ({ name: "people", url: "http://people/graphql", societyId: null, sdl: `${LINK}\ntype Person @key(fields: "id") { id: ID! name: String! ${extra} }\ntype Query { person(id: ID!): Person }` });
const API = (body: string) => `type Query { ${body} }`;

describe("composing subgraphs", () => {
  it("should compose subgraphs that agree and give the client-facing schema without federation internals", () => {
    const result = compose([people(), { name: "clubs", url: "http://clubs/graphql", societyId: null, sdl: `${LINK}\ntype Person @key(fields: "id") { id: ID! clubs: [String!]! }` }]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.apiSdl).toContain("clubs: [String!]!");
    expect(result.apiSdl).not.toContain("join__");
  });

  it("should name the field and subgraphs when types conflict", () => {
    const result = compose([people(), { name: "clubs", url: "http://clubs/graphql", societyId: null, sdl: `${LINK}\ntype Person @key(fields: "id") { id: ID! name: Int }` }]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((error) => error.code)).toContain("FIELD_TYPE_MISMATCH");
    expect(result.errors[0]!.message).toContain('"Person.name"');
  });

  it("should report SDL that does not parse instead of throwing", () => {
    const result = compose([{ ...people(), sdl: "type Person {" }]);
    expect(result).toMatchObject({ ok: false, errors: [{ code: "INVALID_SDL" }] });
  });
});

describe("comparing the client-facing schemas", () => {
  it("should call removed fields, removed enum values, changed types and tightened inputs breaking", () => {
    const before = `enum Stage { EARLY LATE } input Filter { q: String } ${API("a: String b: Int stage: Stage find(filter: Filter): String")}`;
    const after = `enum Stage { EARLY } input Filter { q: String! } ${API("a: String b: String stage: Stage find(filter: Filter): String")}`;
    const { breaking } = compareSchemas(before, after, []);
    const descriptions = breaking.map((change) => change.description);
    expect(descriptions).toContain("LATE was removed from enum type Stage.");
    expect(descriptions).toContain("Query.b changed type from Int to String.");
    expect(descriptions).toContain("Filter.q changed type from String to String!.");
  });

  it("should call an added enum value dangerous, and an added field neither", () => {
    const { breaking, dangerous } = compareSchemas(`enum Stage { EARLY } ${API("stage: Stage")}`, `enum Stage { EARLY LATE } ${API("stage: Stage extra: Int")}`, []);
    expect(breaking).toEqual([]);
    expect(dangerous.map((change) => change.type)).toEqual(["VALUE_ADDED_TO_ENUM"]);
  });

  it("should list the known operations the new schema refuses, by name", () => {
    const operations = [
      { name: "Uses", hash: "a".repeat(64), document: "query Uses { a b }" },
      { name: "Keeps", hash: "b".repeat(64), document: "query Keeps { a }" },
      { name: null, hash: "c".repeat(64), document: "{ b }" },
    ];
    const { brokenOperations } = compareSchemas(API("a: String b: Int"), API("a: String"), operations);
    expect(brokenOperations.map((operation) => operation.name)).toEqual(["Uses", `anonymous operation ${"c".repeat(12)}`]);
    expect(brokenOperations[0]!.errors).toEqual(['Cannot query field "b" on type "Query". Did you mean "a"?']);
  });
});

describe("the report in plain words", () => {
  it("should say what composes, what breaks and which operations fail", () => {
    const text = describeReport({
      composes: true,
      errors: [],
      hints: [{ code: "INCONSISTENT_DESCRIPTION", message: "Element Query.a has inconsistent descriptions" }],
      breaking: [{ type: "FIELD_REMOVED", description: "Query.b was removed." }],
      dangerous: [],
      brokenOperations: [{ name: "Uses", hash: "a".repeat(64), errors: ['Cannot query field "b" on type "Query".'] }],
      dataRights: [{ code: "DATA_RIGHTS_CONTRACT_MISSING", message: "club references Member but does not implement the data-rights contract" }],
    });
    expect(text).toBe(
      [
        "✓ composes with the other subgraphs",
        "✗ 1 breaking change for clients:",
        "  - Query.b was removed. [FIELD_REMOVED]",
        "✗ 1 operation seen in traffic would fail:",
        '  - Uses: Cannot query field "b" on type "Query".',
        "✗ members' data rights:",
        "  - club references Member but does not implement the data-rights contract [DATA_RIGHTS_CONTRACT_MISSING]",
        "i 1 composition hint:",
        "  - Element Query.a has inconsistent descriptions [INCONSISTENT_DESCRIPTION]",
      ].join("\n"),
    );
  });
});
