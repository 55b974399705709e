import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { composeFromCode } from "../bin/compose-from-code.js";
import { SCHEMA_DIR, SHIPPED_SUBGRAPHS, readSupergraphConfig } from "../gateway/supergraph.js";

describe("committed schema", () => {
  it("should match the SDL the code produces (run `npm run compose` after changing a type)", async () => {
    const composed = composeFromCode(await readSupergraphConfig());
    for (const name of SHIPPED_SUBGRAPHS) {
      expect(await readFile(new URL(`${name}.graphql`, SCHEMA_DIR), "utf8"), `schema/${name}.graphql`).toBe(composed.subgraphSdl[name]);
    }
    expect(await readFile(new URL("supergraph.graphql", SCHEMA_DIR), "utf8"), "schema/supergraph.graphql").toBe(composed.supergraphSdl);
  });
});
