import { buildSchema, isEnumType, isInputObjectType, isInterfaceType, isObjectType, isSpecifiedScalarType } from "graphql";
import { describe, expect, it } from "vitest";
import { compose } from "../../gateway/registry/checks.js";
import { readSupergraphConfig, shippedSubgraphs } from "../../gateway/supergraph.js";

/** Every schema coordinate of the client-facing schema that has no description. */
function undescribed(apiSdl: string): string[] {
  const schema = buildSchema(apiSdl);
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith("__") || isSpecifiedScalarType(type)) continue;
    if (!type.description?.trim()) missing.push(type.name);
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (!field.description?.trim()) missing.push(`${type.name}.${field.name}`);
        for (const arg of "args" in field ? field.args : []) if (!arg.description?.trim()) missing.push(`${type.name}.${field.name}(${arg.name}:)`);
      }
    }
    if (isEnumType(type)) for (const value of type.getValues()) if (!value.description?.trim()) missing.push(`${type.name}.${value.name}`);
  }
  return missing;
}

describe("the schema partner developers read", () => {
  it("should describe every type, field, argument and enum value of the client-facing schema", async () => {
    const composition = compose(await shippedSubgraphs(await readSupergraphConfig()));
    if (!composition.ok) throw new Error(composition.errors.map((error) => error.message).join("; "));
    expect(undescribed(composition.apiSdl)).toEqual([]);
  });

  it("should notice a field without a description", () => {
    expect(undescribed('"""Reads."""\ntype Query { """Described."""\n a: String\n b(x: Int): String }')).toEqual(["Query.b", "Query.b(x:)"]);
  });
});
