import { writeFile } from "node:fs/promises";
import { composeServices } from "@apollo/composition";
import { printSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";
import { SUBGRAPH_NAMES } from "../lib/config.js";
import { printSubgraphSdl } from "../lib/subgraph.js";
import { SUBGRAPHS } from "../subgraphs/index.js";
import { privacySchema } from "../gateway/privacy/privacy-subgraph.js";
import { SCHEMA_DIR, SHIPPED_SUBGRAPHS, type SupergraphConfig } from "../gateway/supergraph.js";

/*
 * `copnet compose`: the committed schema files, printed from the subgraphs' code. Kept apart from
 * supergraph.ts so the running gateway never loads the subgraphs' code (it reads the committed SDL).
 */

export interface ComposedSchemas {
  subgraphSdl: Record<string, string>;
  supergraphSdl: string;
}

/** Prints each subgraph's SDL from code and composes the supergraph with @apollo/composition. */
export function composeFromCode(config: SupergraphConfig): ComposedSchemas {
  const subgraphSdl = {
    ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, printSubgraphSdl(SUBGRAPHS[name])])),
    privacy: printSubgraphSchema(privacySchema()),
  } as Record<string, string>;
  const result = composeServices(
    SHIPPED_SUBGRAPHS.map((name) => ({ name, url: config.subgraphs[name]!.url, typeDefs: parse(subgraphSdl[name]!) })),
  );
  if (result.errors) {
    throw new Error(`composition failed:\n${result.errors.map((error) => `- ${error.message}`).join("\n")}`);
  }
  return { subgraphSdl, supergraphSdl: result.supergraphSdl };
}

/** Writes schema/<name>.graphql and schema/supergraph.graphql. */
export async function writeSchemaFiles(schemas: ComposedSchemas): Promise<string[]> {
  const written: string[] = [];
  for (const name of SHIPPED_SUBGRAPHS) {
    await writeFile(new URL(`${name}.graphql`, SCHEMA_DIR), schemas.subgraphSdl[name]);
    written.push(`schema/${name}.graphql`);
  }
  await writeFile(new URL("supergraph.graphql", SCHEMA_DIR), schemas.supergraphSdl);
  written.push("schema/supergraph.graphql");
  return written;
}
