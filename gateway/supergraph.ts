import { readFile } from "node:fs/promises";
import YAML from "yaml";
import { SUPERGRAPH_CONFIG_FILE, supergraphConfigSchema, type SupergraphConfig } from "../lib/config.js";
import { PRIVACY_SUBGRAPH } from "./privacy/contract.js";
import type { SubgraphDefinition } from "./registry/registry.entity.js";

export type { SupergraphConfig } from "../lib/config.js";

export const SCHEMA_DIR = new URL("../schema/", import.meta.url);

/**
 * The data-rights service (gateway/privacy/) is recorded with the shipped subgraphs but served inside the
 * gateway process and called in-process: not a process of its own, so not in schema/supergraph.yaml, owned by
 * no society, and its URL only names it.
 */
export const PRIVACY_SHIPPED = { society: null, url: "http://localhost:4000/privacy" };

export async function readSupergraphConfig(): Promise<SupergraphConfig> {
  return supergraphConfigSchema.parse(YAML.parse(await readFile(SUPERGRAPH_CONFIG_FILE, "utf8")));
}

/** The shipped subgraphs with their committed SDL, as the registry records them on first start. */
export async function shippedSubgraphs(config: SupergraphConfig, urls: Partial<Record<string, string>> = {}): Promise<SubgraphDefinition[]> {
  const shipped: [string, { society: string | null; url: string }][] = [...Object.entries(config.subgraphs), [PRIVACY_SUBGRAPH, PRIVACY_SHIPPED]];
  return Promise.all(
    shipped.map(async ([name, subgraph]) => ({
      name,
      url: urls[name] ?? subgraph.url,
      societyId: subgraph.society,
      sdl: await readFile(new URL(`${name}.graphql`, SCHEMA_DIR), "utf8"),
    })),
  );
}
