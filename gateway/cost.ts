import {
  GraphQLError,
  Kind,
  getNamedType,
  getNullableType,
  isCompositeType,
  isInputObjectType,
  isListType,
  parse,
  valueFromAST,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from "graphql";

/**
 * Demand control as Apollo defines it (https://www.apollographql.com/docs/graphos/routing/security/demand-control):
 * an object costs 1, a scalar or enum 0; a list multiplies its items' cost by its size, taken from the
 * field's slicing argument (`first`) or its `assumedSize`; `@cost(weight:)` replaces the default weight of
 * a field or type and adds to it on an argument or input field; a mutation starts at 10.
 * The weights live in the subgraphs' SDL and reach the gateway through the composed supergraph.
 */

export interface ListSize {
  assumedSize?: number;
  slicingArguments: string[];
  /** Fields of the returned object (a connection's `edges`) that the slicing argument sizes. */
  sizedFields: string[];
  requireOneSlicingArgument: boolean;
}

/** The weights of one supergraph, keyed `Type`, `Type.field`, `Type.field(argument)` and `Input.field`. */
export interface CostModel {
  weights: Map<string, number>;
  listSizes: Map<string, ListSize>;
}

/** A list without `@listSize` (a member's registrations, every society) counts as this many items. */
export const DEFAULT_LIST_SIZE = 10;
const MUTATION_BASE_COST = 10;
const COST_SPEC = "https://specs.apollo.dev/cost/";

/** Reads `@cost` and `@listSize` from a supergraph, under whatever names its `@link` gives them. */
export function costModel(supergraphSdl: string): CostModel {
  const document = parse(supergraphSdl, { noLocation: true });
  const names = costDirectiveNames(document);
  const model: CostModel = { weights: new Map(), listSizes: new Map() };
  const weightOf = (directives: readonly DirectiveNode[] | undefined, key: string) => {
    const cost = directives?.find((directive) => directive.name.value === names.cost);
    const weight = cost && argumentValue(cost, "weight");
    if (typeof weight === "number") model.weights.set(key, weight);
  };
  for (const definition of document.definitions) {
    if (!("name" in definition) || !definition.name || !("directives" in definition)) continue;
    const typeName = definition.name.value;
    weightOf(definition.directives, typeName);
    if (!("fields" in definition) || !definition.fields) continue;
    for (const field of definition.fields) {
      const key = `${typeName}.${field.name.value}`;
      weightOf(field.directives, key);
      if (!("arguments" in field)) continue;
      for (const argument of field.arguments ?? []) weightOf(argument.directives, `${key}(${argument.name.value})`);
      const listSize = field.directives?.find((directive) => directive.name.value === names.listSize);
      if (listSize) {
        const assumedSize = argumentValue(listSize, "assumedSize");
        const requireOne = argumentValue(listSize, "requireOneSlicingArgument");
        model.listSizes.set(key, {
          ...(typeof assumedSize === "number" && { assumedSize }),
          slicingArguments: stringList(argumentValue(listSize, "slicingArguments")),
          sizedFields: stringList(argumentValue(listSize, "sizedFields")),
          requireOneSlicingArgument: requireOne !== false,
        });
      }
    }
  }
  return model;
}

/** `@link(url: ".../cost/v0.1", as:, import: [...])`: the directive named like the spec is `@cost` unless renamed. */
function costDirectiveNames(document: DocumentNode): { cost: string; listSize: string } {
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const link of definition.directives ?? []) {
      const url = argumentValue(link, "url");
      if (link.name.value !== "link" || typeof url !== "string" || !url.startsWith(COST_SPEC)) continue;
      const prefix = (argumentValue(link, "as") as string | undefined) ?? "cost";
      const imported = new Map<string, string>();
      for (const entry of (argumentValue(link, "import") as unknown[] | undefined) ?? []) {
        if (typeof entry === "string") imported.set(entry, entry);
        else if (entry && typeof entry === "object" && "name" in entry) {
          const { name, as } = entry as { name: string; as?: string };
          imported.set(name, as ?? name);
        }
      }
      const local = (name: string) => (imported.get(`@${name}`) ?? `@${name === "cost" ? prefix : `${prefix}__${name}`}`).slice(1);
      return { cost: local("cost"), listSize: local("listSize") };
    }
  }
  return { cost: "cost", listSize: "listSize" };
}

function argumentValue(directive: DirectiveNode, name: string): unknown {
  const value = directive.arguments?.find((argument) => argument.name.value === name)?.value;
  return value === undefined ? undefined : plainValue(value);
}

function plainValue(value: ValueNode): unknown {
  switch (value.kind) {
    case Kind.INT:
    case Kind.FLOAT:
      return Number(value.value);
    case Kind.STRING:
    case Kind.ENUM:
      return value.value;
    case Kind.BOOLEAN:
      return value.value;
    case Kind.LIST:
      return value.values.map(plainValue);
    case Kind.OBJECT:
      return Object.fromEntries(value.fields.map((field) => [field.name.value, plainValue(field.value)]));
    default:
      return undefined;
  }
}

const stringList = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : []);

/** What an operation asks of the subgraphs, in Apollo's units. */
export function operationCost(
  schema: GraphQLSchema,
  model: CostModel,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> = {},
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;
  const base = operation.operation === "mutation" ? MUTATION_BASE_COST : 0;
  return base + new CostWalk(model, schema, fragments, variables).selections(operation.selectionSet, root, null, new Set());
}

/** A connection's slicing argument, handed down to the fields it sizes (`edges`). */
interface SizedFields {
  fields: string[];
  size: number;
}

class CostWalk {
  constructor(
    private readonly model: CostModel,
    private readonly schema: GraphQLSchema,
    private readonly fragments: Map<string, FragmentDefinitionNode>,
    private readonly variables: Record<string, unknown>,
  ) {}

  /** Every selection counts, fragments included; `spreading` stops a fragment cycle from looping. */
  selections(selectionSet: SelectionSetNode, parent: GraphQLNamedType, sized: SizedFields | null, spreading: Set<string>): number {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        total += this.field(selection, parent, sized, spreading);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? this.schema.getType(selection.typeCondition.name.value) : parent;
        if (type) total += this.selections(selection.selectionSet, type, sized, spreading);
      } else {
        const fragment = this.fragments.get(selection.name.value);
        const type = fragment && this.schema.getType(fragment.typeCondition.name.value);
        if (!fragment || !type || spreading.has(fragment.name.value)) continue;
        total += this.selections(fragment.selectionSet, type, sized, new Set(spreading).add(fragment.name.value));
      }
    }
    return total;
  }

  private field(node: FieldNode, parent: GraphQLNamedType, sized: SizedFields | null, spreading: Set<string>): number {
    if (!("getFields" in parent) || node.name.value.startsWith("__")) return 0;
    const definition = parent.getFields()[node.name.value] as GraphQLField<unknown, unknown> | undefined;
    if (!definition) return 0;
    const key = `${parent.name}.${definition.name}`;
    const type = getNamedType(definition.type);
    const listSize = this.model.listSizes.get(key);
    const slice = listSize && this.slicingSize(node, definition, listSize);
    const items = isListType(getNullableType(definition.type))
      ? sized?.fields.includes(definition.name)
        ? sized.size
        : listSize && listSize.sizedFields.length === 0
          ? (slice ?? listSize.assumedSize ?? DEFAULT_LIST_SIZE)
          : DEFAULT_LIST_SIZE
      : 1;
    const own = this.model.weights.get(key) ?? this.model.weights.get(type.name) ?? (isCompositeType(type) ? 1 : 0);
    const handedDown = listSize && listSize.sizedFields.length > 0 ? { fields: listSize.sizedFields, size: slice ?? listSize.assumedSize ?? DEFAULT_LIST_SIZE } : null;
    const children = node.selectionSet ? this.selections(node.selectionSet, type, handedDown, spreading) : 0;
    return items * (own + children) + this.argumentsCost(node, definition, key);
  }

  /** The largest slicing argument given, from a literal or the request's variables (Apollo takes the largest). */
  private slicingSize(node: FieldNode, definition: GraphQLField<unknown, unknown>, listSize: ListSize): number | undefined {
    const sizes: number[] = [];
    for (const name of listSize.slicingArguments) {
      const argument = definition.args.find((arg) => arg.name === name);
      const given = node.arguments?.find((arg) => arg.name.value === name);
      const value = given && argument ? valueFromAST(given.value, argument.type, this.variables) : argument?.defaultValue;
      if (typeof value === "number" && Number.isFinite(value)) sizes.push(Math.max(0, value));
    }
    if (listSize.requireOneSlicingArgument && listSize.slicingArguments.length > 0 && sizes.length !== 1) {
      throw new GraphQLError(`${definition.name}: give exactly one of ${listSize.slicingArguments.join(", ")}`, {
        nodes: node,
        extensions: { code: "BAD_USER_INPUT", field: definition.name },
      });
    }
    return sizes.length > 0 ? Math.max(...sizes) : undefined;
  }

  /** `@cost` on an argument or input field counts once per use, whatever its value. */
  private argumentsCost(node: FieldNode, definition: GraphQLField<unknown, unknown>, key: string): number {
    let total = 0;
    for (const given of node.arguments ?? []) {
      const argument = definition.args.find((arg) => arg.name === given.name.value);
      if (!argument) continue;
      total += this.model.weights.get(`${key}(${argument.name})`) ?? 0;
      total += this.inputCost(argument.type, valueFromAST(given.value, argument.type, this.variables));
    }
    return total;
  }

  private inputCost(type: GraphQLInputType, value: unknown): number {
    const named = getNamedType(type);
    if (!isInputObjectType(named) || value === null || typeof value !== "object") return 0;
    if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + this.inputCost(named, item), 0);
    let total = 0;
    for (const [name, fieldValue] of Object.entries(value)) {
      const field = named.getFields()[name];
      if (!field || fieldValue === null || fieldValue === undefined) continue;
      total += (this.model.weights.get(`${named.name}.${name}`) ?? 0) + this.inputCost(field.type, fieldValue);
    }
    return total;
  }
}
