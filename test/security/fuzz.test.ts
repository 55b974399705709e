import fc from "fast-check";
import {
  buildClientSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
  type IntrospectionQuery,
  getIntrospectionQuery,
} from "graphql";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SUBGRAPH_NAMES } from "../../lib/config.js";
import { postGraphQL, startTestNetwork, type TestNetwork } from "../support/network.js";

/**
 * Every argument of every query and mutation, as the gateway's own introspection describes them, filled
 * with malformed and hostile values (NUL, lone surrogates, bad ids and cursors, impossible dates, extreme
 * numbers) next to valid ones. The API must answer each as a client error or with data — never
 * INTERNAL_SERVER_ERROR or a 5xx — and a refused write must leave every database as it was.
 */

const SEED = 20261130;
const CASES = 320;

let network: TestNetwork;
let schema: GraphQLSchema;
const databases = new Map<string, pg.Client>();
/** Ids of real records, so that some cases pass the id checks and reach deeper validation. */
const realIds: string[] = [];

beforeAll(async () => {
  network = await startTestNetwork();
  const introspection = await network.query<IntrospectionQuery>(getIntrospectionQuery());
  schema = buildClientSchema(introspection.data!);
  const { data } = await network.query(`{
    members(first: 2) { edges { node { id registrations { id } } } }
    societies { id } events(first: 2) { edges { node { id } } } works(first: 2) { edges { node { id } } }
    mentoringPrograms { id } }`);
  realIds.push(
    ...data!.members.edges.flatMap((edge: { node: { id: string; registrations: { id: string }[] | null } }) => [edge.node.id, ...(edge.node.registrations ?? []).map((r) => r.id)]),
    ...data!.societies.map((society: { id: string }) => society.id),
    ...data!.events.edges.map((edge: { node: { id: string } }) => edge.node.id),
    ...data!.works.edges.map((edge: { node: { id: string } }) => edge.node.id),
    ...data!.mentoringPrograms.map((program: { id: string }) => program.id),
  );
  for (const name of SUBGRAPH_NAMES) {
    const client = new pg.Client({ connectionString: network.databaseUrl(name) });
    await client.connect();
    databases.set(name, client);
  }
});

afterAll(async () => {
  for (const client of databases.values()) await client.end();
  await network?.stop();
});

const hostileText = fc.constantFrom("\u0000", "a\u0000b", "\ud800", "x\udc00y", "\udfff\ud800", "%", "_", "'; drop table member; --", "\\", "😀", "Müller", "");
const text = fc.oneof(
  { weight: 4, arbitrary: hostileText },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 3000 }) },
);
const uuid = fc.oneof(fc.uuid(), fc.nat().map((index) => realIds[index % realIds.length]!));
const badId = fc.constantFrom("not-a-uuid", "", "00000000-0000-0000-0000-00000000000g", "\u0000", "1", "' or 1=1 --", "ffffffff-ffff-ffff-ffff-ffffffffffff");
const base64url = (value: unknown) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");
const cursor = fc.oneof(
  fc.tuple(fc.oneof(text, fc.constantFrom("2026-02-30", "0000-01-01", "99999-01-01", "2026-01-01T00:00:00.000Z", "+275760-09-13T00:00:00.000Z")), fc.oneof(uuid, badId)).map(base64url),
  fc.jsonValue().map(base64url),
  fc.string({ maxLength: 30 }),
  fc.constantFrom(base64url("\u0000"), "!!!", base64url([1, 2]), base64url(["a", "b", "c"])),
);
const int = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 30 }) },
  { weight: 1, arbitrary: fc.integer({ min: -2147483648, max: 2147483647 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -1, 2026, 2147483647, -2147483648, 2147483648, 1e15, 9007199254740993, 1.5) },
);
const float = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -1, 1e308, -1e308, 5e-324));
const instant = fc.oneof(
  { weight: 3, arbitrary: fc.date({ min: new Date("1990-01-01"), max: new Date("2030-01-01"), noInvalidDate: true }) },
  { weight: 1, arbitrary: fc.date({ noInvalidDate: true }) },
);
const date = fc.oneof(fc.constantFrom("2026-02-30", "0000-01-01", "0001-01-01", "9999-12-31", "2026-13-01", "1-1-1", "2026-01-01\u0000"), instant.map((d) => d.toISOString().slice(0, 10)), text);
const dateTime = fc.oneof(fc.constantFrom("+275760-09-13T00:00:00.000Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2026-01-01T25:00:00Z", "2026-01-01"), instant.map((d) => d.toISOString()), text);

/** A value for an argument: usually of its type, sometimes of another (the gateway must refuse it cleanly). */
function valueOf(type: GraphQLInputType, name: string, depth = 0): fc.Arbitrary<unknown> {
  const inner = isNonNullType(type) ? type.ofType : type;
  const nullable = isNonNullType(type) ? [] : [fc.constant(null)];
  if (isListType(inner)) return fc.oneof(...nullable, fc.array(valueOf(inner.ofType as GraphQLInputType, name, depth + 1), { maxLength: 3 }));
  const named = getNamedType(inner);
  let arbitrary: fc.Arbitrary<unknown>;
  if (isInputObjectType(named)) {
    const fields = Object.values(named.getFields());
    arbitrary = depth > 3 ? fc.constant({}) : fc.record(Object.fromEntries(fields.map((field) => [field.name, valueOf(field.type, field.name, depth + 1)])), {
      requiredKeys: fields.filter((field) => isNonNullType(field.type)).map((field) => field.name),
    });
  } else if (isEnumType(named)) {
    arbitrary = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...named.getValues().map((value) => value.name)) }, { weight: 1, arbitrary: text });
  } else if (isScalarType(named)) {
    arbitrary = scalar(named.name, name);
  } else {
    arbitrary = fc.constant(null);
  }
  return fc.oneof(...nullable, { weight: 8, arbitrary }, { weight: 1, arbitrary: fc.oneof(text, int, fc.boolean(), fc.constant({})) });
}

function scalar(type: string, name: string): fc.Arbitrary<unknown> {
  if (name === "after") return cursor;
  switch (type) {
    case "ID":
      return fc.oneof({ weight: 3, arbitrary: uuid }, { weight: 2, arbitrary: badId });
    case "Int":
      return int;
    case "Float":
      return float;
    case "Boolean":
      return fc.boolean();
    case "Date":
      return date;
    case "DateTime":
      return dateTime;
    default:
      return text;
  }
}

interface Case {
  operation: "query" | "mutation";
  field: string;
  variables: Record<string, unknown>;
  key: "anonymous" | "society" | "researcher";
}

/**
 * `query ($a: T, …) { field(a: $a, …) { … } }`: every value reaches the gateway as a variable, and the
 * selection reaches every resolver that reads an argument (a connection's rows load only when its edges
 * are selected): leaf fields, objects two levels down, a connection's edges and nodes in full.
 */
function documentFor(operation: Case["operation"], field: GraphQLField<unknown, unknown>): string {
  const definitions = field.args.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(", ");
  const args = field.args.map((arg) => `${arg.name}: $${arg.name}`).join(", ");
  return `${operation}${definitions ? ` (${definitions})` : ""} { ${field.name}${args ? `(${args})` : ""} ${selection(getNamedType(field.type), 0)} }`;
}

function selection(type: GraphQLNamedType, depth: number): string {
  if (!isObjectType(type)) return isLeafType(type) ? "" : "{ __typename }";
  const fields = Object.values(type.getFields()).filter((field) => !field.args.some((arg) => isNonNullType(arg.type)));
  const selected = fields.flatMap((field) => {
    const named = getNamedType(field.type);
    if (isLeafType(named)) return [field.name];
    const connection = field.name === "edges" || field.name === "node";
    return depth < 2 || connection ? [`${field.name} ${selection(named, connection ? depth : depth + 1)}`] : [];
  });
  return `{ __typename ${selected.join(" ")} }`;
}

function casesFor(operation: Case["operation"]): fc.Arbitrary<Case> {
  const root = operation === "query" ? schema.getQueryType()! : schema.getMutationType()!;
  const fields = Object.values(root.getFields()).filter((field) => field.args.length > 0);
  return fc.oneof(
    ...fields.map((field) =>
      fc.record({
        operation: fc.constant(operation),
        field: fc.constant(field.name),
        // Optional arguments are often left out, so a hostile value in one is not refused for another's sake.
        variables: fc.record(Object.fromEntries(field.args.map((arg) => [arg.name, valueOf(arg.type, arg.name)])), {
          requiredKeys: field.args.filter((arg) => isNonNullType(arg.type)).map((arg) => arg.name),
        }),
        key: fc.constantFrom("anonymous" as const, "society" as const, "researcher" as const),
      }),
    ),
  );
}

/**
 * Per table of every subgraph database: row count and newest row version — any insert, update or delete moves
 * one. Left out: the audit of private reads, which earlier accepted reads fill a moment later by design.
 */
async function fingerprint(): Promise<string> {
  const parts: string[] = [];
  for (const [name, client] of databases) {
    const tables = await client.query<{ table_name: string }>(
      `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like 'mikro_orm%' and table_name <> 'private_read' order by 1`,
    );
    const sql = tables.rows.map(({ table_name }) => `select '${table_name}' as t, count(*) as n, max(xmin::text::bigint) as v from "${table_name}"`).join(" union all ");
    const rows = await client.query(sql);
    parts.push(`${name}:${JSON.stringify(rows.rows)}`);
  }
  return parts.join("|");
}

/** An accepted eraseMember goes on in the background: its jobs finish before the next case is compared. */
async function erasuresSettled(): Promise<void> {
  const gateway = new pg.Client({ connectionString: network.databaseUrl("gateway") });
  await gateway.connect();
  try {
    while ((await gateway.query("select 1 from erasure_receipt where status = 'PENDING' limit 1")).rowCount) await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    await gateway.end();
  }
}

/** A server-side failure: the subgraphs are all up here, so "unavailable" means one answered with an HTTP error. */
const isFault = (status: number, codes: string[]) =>
  status >= 500 || codes.some((code) => code === "INTERNAL_SERVER_ERROR" || code === "SUBGRAPH_UNAVAILABLE" || code === "SUBGRAPH_TIMEOUT");

async function send(request: Case): Promise<{ status: number; codes: string[]; refused: boolean }> {
  const root = request.operation === "query" ? schema.getQueryType()! : schema.getMutationType()!;
  const key = { anonymous: undefined, society: network.keys.hoecop, researcher: network.keys.researcher }[request.key];
  const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
  const response = await postGraphQL(network.gatewayUrl, { query: documentFor(request.operation, root.getFields()[request.field]!), variables: request.variables }, headers);
  const errors = (response.json.errors ?? []) as { extensions?: { code?: string } }[];
  const data = response.json.data as Record<string, unknown> | null | undefined;
  return { status: response.status, codes: errors.map((error) => error.extensions?.code ?? "NONE"), refused: errors.length > 0 && (data === undefined || data === null || data[request.field] === null) };
}

describe("malformed input through the gateway", () => {
  it("should answer every query argument's malformed value as a client error, never an internal one", async () => {
    const cases = fc.sample(casesFor("query"), { seed: SEED, numRuns: CASES / 2 });
    const faults = [];
    for (const request of cases) {
      const { status, codes } = await send(request);
      if (isFault(status, codes)) faults.push({ ...request, status, codes });
    }
    expect(faults).toEqual([]);
  });

  it("should answer every mutation argument's malformed value as a client error and leave the databases as they were", async () => {
    const cases = fc.sample(casesFor("mutation"), { seed: SEED, numRuns: CASES / 2 });
    const faults = [];
    for (const request of cases) {
      await erasuresSettled();
      const before = await fingerprint();
      const { status, codes, refused } = await send(request);
      if (isFault(status, codes)) faults.push({ ...request, status, codes });
      else if (refused && (await fingerprint()) !== before) faults.push({ ...request, status, codes, changed: true });
    }
    expect(faults).toEqual([]);
  });

  it("should name the argument when a NUL or a lone surrogate arrives in a literal or a variable", async () => {
    const literal = await postGraphQL(network.gatewayUrl, { query: `{ members(filter: { q: "M\\u0000ller" }) { totalCount } }` });
    expect(literal.status).toBe(400);
    expect(literal.json.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "members.filter.q" });
    const variable = await postGraphQL(network.gatewayUrl, { query: `query ($q: String) { works(filter: { q: $q }) { totalCount } }`, variables: { q: "x\ud800" } });
    expect(variable.status).toBe(400);
    expect(variable.json.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "$q" });
  });

  it("should refuse a date no database holds or that is no date, written as a string, a number or a variable", async () => {
    const researcher = { authorization: `Bearer ${network.keys.researcher}` };
    for (const from of [`"0000-01-01"`, `"2026-02-30"`, `20260101`, `{ year: 2026 }`]) {
      const literal = await postGraphQL(network.gatewayUrl, { query: `{ membershipTimeSeries(from: ${from}) { month } }` }, researcher);
      expect(literal.status).toBe(400);
      expect(literal.json.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "membershipTimeSeries.from" });
    }
    const variable = await postGraphQL(network.gatewayUrl, { query: `query ($from: DateTime) { events(filter: { from: $from }) { edges { cursor } } }`, variables: { from: "0000-01-01T00:00:00Z" } });
    expect(variable.json.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "$from" });
    // An object for a date passes the gateway (custom scalars are opaque to it); the subgraph's refusal stays the client's error.
    const object = await postGraphQL(network.gatewayUrl, { query: `query ($from: Date) { attendanceTimeSeries(from: $from) { month } }`, variables: { from: {} } }, researcher);
    expect(object.json.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
  });

  it("should refuse a cursor that decodes to a bad id or date, and a year no date can hold, naming the argument", async () => {
    const id = "8a0d0c4e-8a1f-4e0b-9e59-1f3c7a1b2c3d";
    const cursors: Record<string, unknown[][]> = {
      members: [["Müller", "not-a-uuid"], ["x\u0000", id], ["Müller"]],
      works: [["2026-02-30", id], ["0000-01-01", id], ["2026-01-01", "' or 1=1 --"]],
      events: [["2026-02-30T00:00:00.000Z", id], ["+275760-09-13T00:00:00.000Z", id], ["2026-01-01T00:00:00.000Z", 7]],
    };
    for (const [list, values] of Object.entries(cursors)) {
      for (const after of values.map(base64url)) {
        const { data, errors } = await network.query(`query ($after: String) { ${list}(after: $after) { edges { cursor } } }`, { after });
        expect(data).toBeNull();
        expect(errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
      }
    }
    const year = await network.query(`{ works(filter: { year: 2147483647 }) { edges { cursor } } }`);
    expect(year.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "filter.year" });
  });
});
