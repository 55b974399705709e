import { composeServices } from "@apollo/composition";
import {
  buildSchema,
  findBreakingChanges,
  findDangerousChanges,
  parse,
  printSchema,
  validate,
  type GraphQLError,
  type GraphQLSchema,
} from "graphql";
import { contractStanding } from "../privacy/contract.js";
import type { SubgraphDefinition } from "./registry.entity.js";

export interface Problem {
  code: string;
  message: string;
}

export interface SchemaChange {
  type: string;
  description: string;
}

/** A client that sends an operation: `society:<id>` (named by the admin API), a client name, or `(role)`. */
export interface OperationClient {
  client: string;
  societyId: string | null;
  count: number;
}

/** An operation seen in traffic that the new schema would no longer accept, with who sends it and how often. */
export interface BrokenOperation {
  name: string;
  hash: string;
  errors: string[];
  count?: number;
  clients?: OperationClient[];
}

/** What a check found, in a form both the admin API (JSON) and the CLI (plain words) report. */
export interface CheckReport {
  composes: boolean;
  errors: Problem[];
  hints: Problem[];
  breaking: SchemaChange[];
  dangerous: SchemaChange[];
  brokenOperations: BrokenOperation[];
  /** The candidate references Member without the data-rights contract (refused unless forced). */
  dataRights: Problem[];
}

export type Composition =
  | { ok: true; supergraphSdl: string; apiSdl: string; hints: Problem[] }
  | { ok: false; errors: Problem[]; hints: Problem[] };

/** Composes subgraph SDLs with @apollo/composition; returns the supergraph and its client-facing schema. */
export function compose(subgraphs: SubgraphDefinition[]): Composition {
  let documents;
  try {
    documents = subgraphs.map((subgraph) => ({ name: subgraph.name, url: subgraph.url, typeDefs: parse(subgraph.sdl) }));
  } catch (error) {
    return { ok: false, errors: [{ code: "INVALID_SDL", message: (error as GraphQLError).message }], hints: [] };
  }
  const result = composeServices(documents);
  const hints = (result.hints ?? []).map((hint) => ({ code: hint.definition.code, message: hint.message }));
  if (result.errors) {
    return { ok: false, errors: result.errors.map((error) => ({ code: String(error.extensions.code ?? "COMPOSITION_ERROR"), message: error.message })), hints };
  }
  return { ok: true, supergraphSdl: result.supergraphSdl, apiSdl: printSchema(result.schema.toAPISchema().toGraphQLJSSchema()), hints };
}

/**
 * Compares the client-facing schemas: breaking changes (removed or retyped fields, removed enum values,
 * arguments and input fields made required…) and dangerous ones (added enum values, changed defaults),
 * plus the known operations the new schema would refuse.
 */
export function compareSchemas(currentApiSdl: string, nextApiSdl: string, operations: { name: string | null; hash: string; document: string }[]) {
  const current = buildSchema(currentApiSdl);
  const next = buildSchema(nextApiSdl);
  return {
    breaking: findBreakingChanges(current, next).map(({ type, description }) => ({ type, description })),
    dangerous: findDangerousChanges(current, next).map(({ type, description }) => ({ type, description })),
    brokenOperations: brokenOperations(next, operations),
  };
}

function brokenOperations(schema: GraphQLSchema, operations: { name: string | null; hash: string; document: string }[]): BrokenOperation[] {
  const broken: BrokenOperation[] = [];
  for (const operation of operations) {
    let errors: readonly GraphQLError[];
    try {
      errors = validate(schema, parse(operation.document));
    } catch {
      continue; // Recorded documents parsed once already; one that no longer parses is not this change's doing.
    }
    if (errors.length > 0) {
      broken.push({ name: operation.name ?? `anonymous operation ${operation.hash.slice(0, 12)}`, hash: operation.hash, errors: errors.map((error) => error.message) });
    }
  }
  return broken;
}

/** A subgraph that holds member data must let members export and erase it (lib/data-rights.ts). */
export function dataRightsProblems(candidate: SubgraphDefinition): Problem[] {
  let standing;
  try {
    standing = contractStanding(candidate.sdl);
  } catch {
    return []; // An SDL that does not parse fails composition, which says so.
  }
  if (standing !== "MISSING") return [];
  return [
    {
      code: "DATA_RIGHTS_CONTRACT_MISSING",
      message: `${candidate.name} references Member but does not implement the data-rights contract: add Query._memberData(memberId: ID!): JSON and Mutation._eraseMemberData(memberId: ID!, requestId: ID!): JSON, both @inaccessible (a subgraph built on copnet's lib/ gets them by declaring memberData)`,
    },
  ];
}

/** The report in plain words, as `copnet subgraph check` prints it. */
export function describeReport(report: CheckReport): string {
  const lines: string[] = [];
  if (!report.composes) {
    lines.push(`✗ does not compose (${report.errors.length} error${report.errors.length === 1 ? "" : "s"}):`);
    for (const error of report.errors) lines.push(`  - ${error.message} [${error.code}]`);
  } else lines.push("✓ composes with the other subgraphs");
  if (report.breaking.length > 0) {
    lines.push(`✗ ${report.breaking.length} breaking change${report.breaking.length === 1 ? "" : "s"} for clients:`);
    for (const change of report.breaking) lines.push(`  - ${change.description} [${change.type}]`);
  } else if (report.composes) lines.push("✓ no breaking changes for clients");
  if (report.brokenOperations.length > 0) {
    lines.push(`✗ ${report.brokenOperations.length} operation${report.brokenOperations.length === 1 ? "" : "s"} seen in traffic would fail:`);
    for (const operation of report.brokenOperations) {
      lines.push(`  - ${operation.name}: ${operation.errors.join("; ")}`);
      if (operation.clients?.length) lines.push(`    sent ${operation.count} times by ${operation.clients.map((client) => `${client.client}: ${client.count}`).join(", ")}`);
    }
  }
  if (report.dataRights.length > 0) {
    lines.push("✗ members' data rights:");
    for (const problem of report.dataRights) lines.push(`  - ${problem.message} [${problem.code}]`);
  }
  if (report.dangerous.length > 0) {
    lines.push(`! ${report.dangerous.length} change${report.dangerous.length === 1 ? "" : "s"} clients may notice:`);
    for (const change of report.dangerous) lines.push(`  - ${change.description} [${change.type}]`);
  }
  if (report.hints.length > 0) {
    lines.push(`i ${report.hints.length} composition hint${report.hints.length === 1 ? "" : "s"}:`);
    for (const hint of report.hints) lines.push(`  - ${hint.message} [${hint.code}]`);
  }
  return lines.join("\n");
}
