import { writeFile } from "node:fs/promises";
import { composeServices } from "@apollo/composition";
import { printSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";
import { SUBGRAPH_NAMES } from "../lib/config.js";
import { printSubgraphSdl } from "../lib/subgraph.js";
import { SUBGRAPHS } from "../subgraphs/index.js";
import { PRIVACY_SUBGRAPH } from "../gateway/privacy/contract.js";
import { privacySchema } from "../gateway/privacy/privacy-subgraph.js";
import { PRIVACY_SHIPPED, SCHEMA_DIR, type SupergraphConfig } from "../gateway/supergraph.js";

/*
 * `copnet compose`: the committed schema files, printed from the subgraphs' code. Kept apart from
 * supergraph.ts so the running gateway never loads the subgraphs' code (it reads the committed SDL).
 */

export interface ComposedSchemas {
  /** Every shipped subgraph's SDL, and the gateway's data-rights service's (`privacy`). */
  subgraphSdl: Record<string, string>;
  supergraphSdl: string;
}

/** The shipped subgraphs and the data-rights service the gateway hosts, whose schema files `compose` writes. */
export const SCHEMA_NAMES = [...SUBGRAPH_NAMES, PRIVACY_SUBGRAPH];

/** Prints each subgraph's SDL from code and composes the supergraph with @apollo/composition. */
export function composeFromCode(config: SupergraphConfig): ComposedSchemas {
  const subgraphSdl: Record<string, string> = {
    ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, printSubgraphSdl(SUBGRAPHS[name]!)])),
    [PRIVACY_SUBGRAPH]: printSubgraphSchema(privacySchema()),
  };
  const urls: Record<string, string> = { ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, config.subgraphs[name]!.url])), [PRIVACY_SUBGRAPH]: PRIVACY_SHIPPED.url };
  const result = composeServices(SCHEMA_NAMES.map((name) => ({ name, url: urls[name], typeDefs: parse(subgraphSdl[name]!) })));
  if (result.errors) {
    throw new Error(`composition failed:\n${result.errors.map((error) => `- ${error.message}`).join("\n")}`);
  }
  return { subgraphSdl, supergraphSdl: result.supergraphSdl };
}

/** Writes schema/<name>.graphql and schema/supergraph.graphql. */
export async function writeSchemaFiles(schemas: ComposedSchemas): Promise<string[]> {
  const written: string[] = [];
  for (const name of SCHEMA_NAMES) {
    await writeFile(new URL(`${name}.graphql`, SCHEMA_DIR), schemas.subgraphSdl[name]!);
    written.push(`schema/${name}.graphql`);
  }
  await writeFile(new URL("supergraph.graphql", SCHEMA_DIR), schemas.supergraphSdl);
  written.push("schema/supergraph.graphql");
  return written;
}
