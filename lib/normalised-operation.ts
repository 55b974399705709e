import { createHash } from "node:crypto";
import {
  GraphQLNonNull,
  Kind,
  TypeInfo,
  isNonNullType,
  parseType,
  print,
  separateOperations,
  visit,
  visitWithTypeInfo,
  type ConstValueNode,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValueNode,
  type VariableDefinitionNode,
} from "graphql";

/** An operation as copnet keeps it: no comments, canonical whitespace, no literal values. */
export interface NormalisedOperation {
  name: string | null;
  /** The operation and the fragments it uses, printed canonically, its literals turned into variables. */
  document: string;
  /** SHA-256 of `document`: the same for every request that differs only in comments, layout or literals. */
  signature: string;
}

/**
 * Normalises one operation of a validated document, the way usage reporting does, but so that the result
 * still validates against the schema: comments and layout go (the document is printed again), other
 * operations and unused fragments go, and every string, number and custom-scalar literal — where personal
 * data would sit (`member(id: "…")`, `members(filter: { q: "Müller" })`) — becomes a variable typed with
 * the argument's type from the schema (non-null, since a literal was there). Enum and boolean literals
 * stay: they name schema values, not people, and checks should see a removed enum value. Default values of
 * variables are blanked to "" or 0.
 */
export function normaliseOperation(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null): NormalisedOperation | null {
  const own = separateOperations(document)[operationName ?? ""] ?? (operationName ? undefined : singleOperation(document));
  const operation = own?.definitions.find((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  if (!own || !operation) return null;

  const taken = new Set(operation.variableDefinitions?.map((definition) => definition.variable.name.value));
  const hoisted: VariableDefinitionNode[] = [];
  const variableFor = (type: GraphQLInputType): ValueNode => {
    let name = `_${hoisted.length + 1}`;
    while (taken.has(name)) name = `_${name}`;
    taken.add(name);
    const variable = { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: name } } as const;
    hoisted.push({ kind: Kind.VARIABLE_DEFINITION, variable, type: parseType(String(isNonNullType(type) ? type : new GraphQLNonNull(type))) });
    return variable;
  };

  const typeInfo = new TypeInfo(schema);
  let inDefaultValue = 0;
  const literal = (node: ValueNode): ValueNode => {
    if (inDefaultValue > 0) return blank(node);
    const type = typeInfo.getInputType();
    return type ? variableFor(type) : blank(node);
  };
  const stripped = visit(
    own,
    visitWithTypeInfo(typeInfo, {
      [Kind.VARIABLE_DEFINITION]: { enter: () => void inDefaultValue++, leave: () => void inDefaultValue-- },
      [Kind.STRING]: literal,
      [Kind.INT]: literal,
      [Kind.FLOAT]: literal,
    }),
  );
  const withVariables = visit(stripped, {
    [Kind.OPERATION_DEFINITION]: (node) => ({ ...node, variableDefinitions: [...(node.variableDefinitions ?? []), ...hoisted] }),
  });
  const printed = print(withVariables);
  return { name: operation.name?.value ?? null, document: printed, signature: createHash("sha256").update(printed).digest("hex") };
}

/** `separateOperations` keys an anonymous operation by "", which a named lookup misses. */
function singleOperation(document: DocumentNode): DocumentNode | undefined {
  const operations = Object.values(separateOperations(document));
  return operations.length === 1 ? operations[0] : undefined;
}

/** A literal's shape without its content. */
function blank(node: ValueNode): ConstValueNode {
  if (node.kind === Kind.STRING) return { kind: Kind.STRING, value: "" };
  if (node.kind === Kind.INT || node.kind === Kind.FLOAT) return { kind: node.kind, value: "0" };
  return { kind: Kind.NULL };
}
