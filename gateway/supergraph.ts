import { readFile } from "node:fs/promises";
import YAML from "yaml";
import { SUPERGRAPH_CONFIG_FILE, supergraphConfigSchema, type SupergraphConfig } from "../lib/config.js";
import type { SubgraphDefinition } from "./registry/registry.entity.js";

export { SHIPPED_SUBGRAPHS, type SupergraphConfig } from "../lib/config.js";

export const SCHEMA_DIR = new URL("../schema/", import.meta.url);

export async function readSupergraphConfig(): Promise<SupergraphConfig> {
  return supergraphConfigSchema.parse(YAML.parse(await readFile(SUPERGRAPH_CONFIG_FILE, "utf8")));
}

/** The shipped subgraphs with their committed SDL, as the registry records them on first start. */
export async function shippedSubgraphs(config: SupergraphConfig, urls: Partial<Record<string, string>> = {}): Promise<SubgraphDefinition[]> {
  return Promise.all(
    Object.entries(config.subgraphs).map(async ([name, shipped]) => ({
      name,
      url: urls[name] ?? shipped.url,
      societyId: shipped.society,
      sdl: await readFile(new URL(`${name}.graphql`, SCHEMA_DIR), "utf8"),
    })),
  );
}
