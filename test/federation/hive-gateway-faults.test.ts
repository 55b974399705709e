import { composeServices } from "@apollo/composition";
import { ApolloGateway, LocalGraphQLDataSource } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { createGatewayRuntime } from "@graphql-hive/gateway-runtime";
import { graphql, parse, type GraphQLSchema } from "graphql";
import { afterAll, describe, expect, it, vi } from "vitest";

/**
 * Why Hive Gateway is left out of the benchmark's member detail (`npm run bench -- --per-visitor`): it
 * answers `member { mentors { startedAt } }` with SATISFIABILITY_ERROR "cannot find field
 * MentorshipRelation.startedAt". Reduced to two tiny subgraphs in plain Federation 2, the fault is Hive's,
 * not the supergraph's: an entity (Member) with a field that @requires another subgraph's field and
 * returns objects leading back to that entity (MentorMatch.mentor: Member), plus a field returning
 * another entity that leads back to it too (MentorshipRelation.mentor: Member). Hive's computed-field isolation (@graphql-tools/stitch,
 * isolateComputedFieldsTransformer) splits the subgraph in two and leaves `Member.mentors` in the
 * isolated half too, where MentorshipRelation has neither its fields nor its key; Hive plans through that
 * half and cannot get back. Apollo Gateway answers the same supergraph, and Hive answers it as soon as
 * the @requires goes. When the second test fails, Hive has fixed it: let it into member detail again.
 * (Mentor matches plan fine in Hive; its "Unexpected error" answers there are the last test's case.)
 */
const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.11", import: ["@key", "@external", "@requires"])';

function subgraphs(withRequires: boolean) {
  const members = {
    typeDefs: parse(`${LINK}
      type Query { member(id: ID!): Member }
      type Member @key(fields: "id") { id: ID! country: String! }`),
    resolvers: {
      Query: { member: (_root: unknown, { id }: { id: string }) => ({ id, country: "GB" }) },
      Member: { __resolveReference: ({ id }: { id: string }) => ({ id, country: "GB" }) },
    },
  };
  const mentorship = {
    typeDefs: parse(`${LINK}
      type Member @key(fields: "id") {
        id: ID!
        ${withRequires ? 'country: String! @external\nmentorMatches: [MentorMatch!] @requires(fields: "country")' : ""}
        mentors: [MentorshipRelation!]
      }
      type MentorMatch { mentor: Member score: Float! }
      type MentorshipRelation @key(fields: "id") { id: ID! startedAt: String mentor: Member }`),
    resolvers: {
      Member: {
        __resolveReference: (reference: { id: string }) => reference,
        mentors: () => [{ id: "r1", startedAt: "2025-08-01", mentor: { id: "m2" } }],
        mentorMatches: () => [{ mentor: { id: "m2" }, score: 1 }],
      },
      MentorshipRelation: { __resolveReference: ({ id }: { id: string }) => ({ id, startedAt: "2025-08-01" }) },
    },
  };
  const schemas: Record<string, GraphQLSchema> = { members: buildSubgraphSchema([members]), mentorship: buildSubgraphSchema([mentorship]) };
  const composed = composeServices(Object.entries({ members, mentorship }).map(([name, { typeDefs }]) => ({ name, url: `http://${name}/graphql`, typeDefs })));
  if (composed.errors) throw new Error(composed.errors.join("\n"));
  return { schemas, supergraphSdl: composed.supergraphSdl };
}

const QUERY = `{ member(id: "m1") { id mentors { startedAt } } }`;
const ANSWER = { member: { id: "m1", mentors: [{ startedAt: "2025-08-01" }] } };

const stops: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const stop of stops) await stop();
});

async function throughApollo(withRequires: boolean) {
  const { schemas, supergraphSdl } = subgraphs(withRequires);
  const server = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl, buildService: ({ name }) => new LocalGraphQLDataSource(schemas[name]!) }) });
  await server.start();
  stops.push(() => server.stop());
  const { body } = await server.executeOperation({ query: QUERY });
  return body.kind === "single" ? body.singleResult : null;
}

async function throughHive(withRequires: boolean, resetting?: string) {
  const { schemas, supergraphSdl } = subgraphs(withRequires);
  vi.stubEnv("LOG_LEVEL", "error"); // the tests' "silent" is not a level Hive's logger knows
  const gateway = createGatewayRuntime({
    supergraph: supergraphSdl,
    logging: false,
    plugins: () => [
      {
        // Each subgraph answers in process: the fault is in planning, not on the wire.
        onFetch({ url, setFetchFn }) {
          const name = new URL(url).host;
          const schema = schemas[name]!;
          setFetchFn((async (_url: string, init: RequestInit) => {
            if (name === resetting) throw Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" });
            const { query, variables } = JSON.parse(String(init.body)) as { query: string; variables?: Record<string, unknown> };
            return Response.json(await graphql({ schema, source: query, variableValues: variables }));
          }) as never);
        },
      },
    ],
  });
  stops.push(async () => gateway.dispose());
  const response = await gateway.fetch("http://gateway/graphql", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: QUERY }) });
  return (await response.json()) as { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> };
}

describe("Hive Gateway and a field that @requires, on a type with another entity's list", () => {
  it("should be answered by Apollo Gateway: the supergraph is plain Federation 2", async () => {
    expect(await throughApollo(true)).toEqual({ data: ANSWER });
  });

  it("should fail in Hive Gateway with SATISFIABILITY_ERROR on the other entity's field (Hive's fault)", async () => {
    const { data, errors } = await throughHive(true);
    expect(errors?.[0]?.extensions?.code).toBe("SATISFIABILITY_ERROR");
    expect(errors?.[0]?.message).toContain('cannot find field "MentorshipRelation.startedAt"');
    expect(data).toEqual({ member: { id: "m1", mentors: [{ startedAt: null }] } }); // the subgraph has 2025-08-01
  });

  it("should be answered by Hive Gateway once the @requires field is gone", async () => {
    expect(await throughHive(false)).toEqual({ data: ANSWER });
  });
});

describe("Hive Gateway and a subgraph that drops the connection", () => {
  // What "Unexpected error" on some mentor matches under load is: an overloaded subgraph resetting the
  // connection, which Hive masks (stock Apollo Gateway says "socket hang up", copnet SUBGRAPH_TIMEOUT).
  it("should answer 'Unexpected error.' with the subgraph's fields null", async () => {
    expect(await throughHive(false, "mentorship")).toEqual({ errors: [expect.objectContaining({ message: "Unexpected error." })], data: { member: { id: "m1", mentors: null } } });
  });
});
