import { readFile, writeFile } from "node:fs/promises";
import { composeServices } from "@apollo/composition";
import { parse } from "graphql";
import YAML from "yaml";
import { z } from "zod";
import { SUBGRAPH_NAMES, type SubgraphName } from "../lib/config.js";
import { printSubgraphSdl } from "../lib/subgraph.js";
import { SUBGRAPHS } from "../subgraphs/index.js";
import type { SubgraphDefinition } from "./registry/registry.entity.js";

export const SCHEMA_DIR = new URL("../schema/", import.meta.url);

const supergraphConfigSchema = z.object({
  subgraphs: z.record(
    z.enum(SUBGRAPH_NAMES),
    z.object({ society: z.uuid(), url: z.url() }),
  ),
});
export type SupergraphConfig = z.infer<typeof supergraphConfigSchema>;

export async function readSupergraphConfig(): Promise<SupergraphConfig> {
  return supergraphConfigSchema.parse(YAML.parse(await readFile(new URL("supergraph.yaml", SCHEMA_DIR), "utf8")));
}

export interface ComposedSchemas {
  subgraphSdl: Record<SubgraphName, string>;
  supergraphSdl: string;
}

/** The shipped subgraphs with their committed SDL, as the registry records them on first start. */
export async function shippedSubgraphs(config: SupergraphConfig, urls: Partial<Record<string, string>> = {}): Promise<SubgraphDefinition[]> {
  return Promise.all(
    SUBGRAPH_NAMES.map(async (name) => ({
      name,
      url: urls[name] ?? config.subgraphs[name].url,
      societyId: config.subgraphs[name].society,
      sdl: await readFile(new URL(`${name}.graphql`, SCHEMA_DIR), "utf8"),
    })),
  );
}

/** Prints each subgraph's SDL from code and composes the supergraph with @apollo/composition. */
export function composeFromCode(config: SupergraphConfig): ComposedSchemas {
  const subgraphSdl = Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => [name, printSubgraphSdl(SUBGRAPHS[name])]),
  ) as Record<SubgraphName, string>;
  const result = composeServices(
    SUBGRAPH_NAMES.map((name) => ({ name, url: config.subgraphs[name].url, typeDefs: parse(subgraphSdl[name]) })),
  );
  if (result.errors) {
    throw new Error(`composition failed:\n${result.errors.map((error) => `- ${error.message}`).join("\n")}`);
  }
  return { subgraphSdl, supergraphSdl: result.supergraphSdl };
}

/** Writes schema/<name>.graphql and schema/supergraph.graphql. */
export async function writeSchemaFiles(schemas: ComposedSchemas): Promise<string[]> {
  const written: string[] = [];
  for (const name of SUBGRAPH_NAMES) {
    await writeFile(new URL(`${name}.graphql`, SCHEMA_DIR), schemas.subgraphSdl[name]);
    written.push(`schema/${name}.graphql`);
  }
  await writeFile(new URL("supergraph.graphql", SCHEMA_DIR), schemas.supergraphSdl);
  written.push("schema/supergraph.graphql");
  return written;
}
