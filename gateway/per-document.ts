import type { DocumentNode, GraphQLSchema } from "graphql";

/**
 * `compute(schema, document)` remembered per parsed document and schema. Apollo Server keeps one parsed
 * document per query text (its document store), so a page asked again and again is walked once, not on every
 * request; the WeakMap lets a document go when the store drops it, and a new schema computes afresh.
 */
export function perDocument<T>(compute: (schema: GraphQLSchema, document: DocumentNode) => T): (schema: GraphQLSchema, document: DocumentNode) => T {
  const remembered = new WeakMap<DocumentNode, { schema: GraphQLSchema; value: T }>();
  return (schema, document) => {
    const known = remembered.get(document);
    if (known?.schema === schema) return known.value;
    const value = compute(schema, document);
    remembered.set(document, { schema, value });
    return value;
  };
}
