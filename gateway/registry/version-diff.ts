import { diff } from "@graphql-inspector/core";
import { buildSchema } from "graphql";
import type { EntityManager } from "../../lib/database.js";
import { SupergraphVersion } from "./registry.entity.js";
import { RegistryRefusal } from "./registry.js";

export interface VersionDiff {
  from: number;
  to: number;
  /** Subgraphs that came, went, or changed their SDL or URL between the two versions, with their SDL before and after. */
  subgraphs: { name: string; change: "added" | "removed" | "changed"; url: string; sdlBefore: string | null; sdlAfter: string | null }[];
  /** The client-facing schema's changes in plain words (GraphQL Inspector), most critical first. */
  changes: { criticality: "BREAKING" | "DANGEROUS" | "NON_BREAKING"; message: string; path: string | null }[];
}

const ORDER = { BREAKING: 0, DANGEROUS: 1, NON_BREAKING: 2 };

/** What changed for clients between two published versions: the admin console's view of the history. */
export async function diffVersions(em: EntityManager, from: number, to: number): Promise<VersionDiff> {
  const versions = await em.find(SupergraphVersion, { version: { $in: [from, to] } });
  const before = versions.find((version) => version.version === from);
  const after = versions.find((version) => version.version === to);
  if (!before || !after) throw new RegistryRefusal(`no supergraph version ${!before ? from : to}`, "NOT_FOUND");
  const old = new Map(before.subgraphs.map((subgraph) => [subgraph.name, subgraph]));
  const now = new Map(after.subgraphs.map((subgraph) => [subgraph.name, subgraph]));
  const subgraphs: VersionDiff["subgraphs"] = [];
  for (const [name, subgraph] of now) {
    const previous = old.get(name);
    if (!previous) subgraphs.push({ name, change: "added", url: subgraph.url, sdlBefore: null, sdlAfter: subgraph.sdl });
    else if (previous.sdl !== subgraph.sdl || previous.url !== subgraph.url) subgraphs.push({ name, change: "changed", url: subgraph.url, sdlBefore: previous.sdl, sdlAfter: subgraph.sdl });
  }
  for (const [name, subgraph] of old) if (!now.has(name)) subgraphs.push({ name, change: "removed", url: subgraph.url, sdlBefore: subgraph.sdl, sdlAfter: null });
  const changes = (await diff(buildSchema(before.apiSdl), buildSchema(after.apiSdl)))
    .map((change) => ({ criticality: change.criticality.level as VersionDiff["changes"][number]["criticality"], message: change.message, path: change.path ?? null }))
    .sort((a, b) => ORDER[a.criticality] - ORDER[b.criticality]);
  return { from, to, subgraphs, changes };
}
