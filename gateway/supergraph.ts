import { readFile } from "node:fs/promises";
import YAML from "yaml";
import { z } from "zod";
import { SUBGRAPH_NAMES } from "../lib/config.js";
import { PRIVACY_SUBGRAPH } from "./privacy/contract.js";
import type { SubgraphDefinition } from "./registry/registry.entity.js";

/** The subgraphs recorded on first start: the four subgraph processes and the data-rights service the gateway hosts. */
export const SHIPPED_SUBGRAPHS = [...SUBGRAPH_NAMES, PRIVACY_SUBGRAPH] as const;
export type ShippedSubgraph = (typeof SHIPPED_SUBGRAPHS)[number];

export const SCHEMA_DIR = new URL("../schema/", import.meta.url);

const supergraphConfigSchema = z.object({
  subgraphs: z.record(
    z.enum(SHIPPED_SUBGRAPHS),
    // The gateway's own data-rights service belongs to no society.
    z.object({ society: z.uuid().nullable(), url: z.url() }),
  ),
});
export type SupergraphConfig = z.infer<typeof supergraphConfigSchema>;

export async function readSupergraphConfig(): Promise<SupergraphConfig> {
  return supergraphConfigSchema.parse(YAML.parse(await readFile(new URL("supergraph.yaml", SCHEMA_DIR), "utf8")));
}

/** The shipped subgraphs with their committed SDL, as the registry records them on first start. */
export async function shippedSubgraphs(config: SupergraphConfig, urls: Partial<Record<string, string>> = {}): Promise<SubgraphDefinition[]> {
  return Promise.all(
    SHIPPED_SUBGRAPHS.map(async (name) => ({
      name,
      url: urls[name] ?? config.subgraphs[name].url,
      societyId: config.subgraphs[name].society,
      sdl: await readFile(new URL(`${name}.graphql`, SCHEMA_DIR), "utf8"),
    })),
  );
}
