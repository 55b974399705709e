import type { ApolloServerPlugin } from "@apollo/server";
import {
  GraphQLError,
  Kind,
  TypeInfo,
  getNamedType,
  getNullableType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  typeFromAST,
  valueFromASTUntyped,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLScalarType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValueNode,
} from "graphql";
import { DateResolver, DateTimeResolver } from "graphql-scalars";
import { badUserInput, type FieldProblem } from "../lib/errors.js";
import { isWellFormedText } from "../lib/validators.js";
import { perDocument } from "./per-document.js";

const NOT_TEXT = "contains a NUL character or a lone UTF-16 surrogate";
/** The subgraphs' date scalars (graphql-scalars); the gateway's API schema knows only their names. */
const DATE_SCALARS: Record<string, GraphQLScalarType> = { Date: DateResolver, DateTime: DateTimeResolver };
const LITERAL_KINDS = new Set<Kind>([Kind.STRING, Kind.INT, Kind.FLOAT, Kind.BOOLEAN, Kind.ENUM, Kind.OBJECT]);

/** Deeper than any input type of the API; a deeper JSON value is refused rather than walked. */
const MAX_VARIABLE_DEPTH = 32;

/**
 * Refuses, before planning, arguments — literals or variables — that the gateway's schema lets through but
 * no subgraph can take: text with a NUL or a lone surrogate; dates that are not dates (the gateway knows
 * Date and DateTime by name only, so a subgraph would refuse them with an HTTP error the client sees as
 * an unavailable service) or fall outside years 1–9999 (PostgreSQL refuses year 0). One check here covers
 * every argument of every subgraph, including subgraphs federated later.
 */
export function storableInput(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const problems = [...literalProblems(schema, document), ...variableProblems(schema, operation, request.variables ?? {})];
          if (problems.length === 0) return;
          const error = badUserInput(problems);
          throw new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status: 400 } } });
        },
      };
    },
  };
}

function scalarProblem(type: GraphQLInputType | null | undefined, value: unknown, field: string): FieldProblem[] {
  if (typeof value === "string" && !isWellFormedText(value)) return [{ field, message: NOT_TEXT }];
  const scalar = type && DATE_SCALARS[getNamedType(type).name];
  if (!scalar) return [];
  try {
    const year = (scalar.parseValue(value) as Date).getUTCFullYear();
    if (year >= 1 && year <= 9999) return [];
  } catch {
    // not a date at all: the same problem as one out of range
  }
  return [{ field, message: `is not a ${scalar.name} in the years 0001–9999` }];
}

/** Literals anywhere in the document (a date may be written as a number or an object too), named `field.argument.inputField`. */
const literalProblems = perDocument((schema: GraphQLSchema, document: DocumentNode): FieldProblem[] => {
  const problems: FieldProblem[] = [];
  const typeInfo = new TypeInfo(schema);
  const path: string[] = [];
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      [Kind.ARGUMENT]: {
        enter: (node) => void path.push(`${typeInfo.getFieldDef()?.name ?? "?"}.${node.name.value}`),
        leave: () => void path.pop(),
      },
      [Kind.OBJECT_FIELD]: {
        enter: (node) => void path.push(node.name.value),
        leave: () => void path.pop(),
      },
      enter(node) {
        if (!LITERAL_KINDS.has(node.kind)) return;
        const type = typeInfo.getInputType();
        // An object is walked field by field unless it stands where a scalar belongs.
        if (node.kind === Kind.OBJECT && !(type && isScalarType(getNullableType(type)))) return;
        problems.push(...scalarProblem(type, valueFromASTUntyped(node as ValueNode), path.join(".")));
      },
    }),
  );
  return problems;
});

/** Variable values as sent (JSON), checked against their declared types and named `$variable.inputField`. */
function variableProblems(schema: GraphQLSchema, operation: OperationDefinitionNode, variables: Record<string, unknown>): FieldProblem[] {
  return (operation.variableDefinitions ?? []).flatMap((definition) => {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    return valueProblems(variables[name], type, `$${name}`, 0);
  });
}

function valueProblems(value: unknown, type: GraphQLInputType | undefined, field: string, depth: number): FieldProblem[] {
  const nullable = type && isNonNullType(type) ? type.ofType : type;
  if (value === null || value === undefined) return [];
  if (typeof value !== "object") return scalarProblem(nullable, value, field);
  if (depth > MAX_VARIABLE_DEPTH) return [{ field, message: "is nested too deeply" }];
  if (Array.isArray(value)) {
    const item = nullable && isListType(nullable) ? (nullable.ofType as GraphQLInputType) : nullable;
    return value.flatMap((element) => valueProblems(element, item, field, depth + 1));
  }
  const fields = nullable && isInputObjectType(nullable) ? nullable.getFields() : {};
  return Object.entries(value).flatMap(([key, item]) =>
    isWellFormedText(key) ? valueProblems(item, fields[key]?.type, `${field}.${key}`, depth + 1) : [{ field, message: NOT_TEXT }],
  );
}
