import { Kind, parse, type DefinitionNode } from "graphql";

/** The name of the subgraph the gateway process hosts itself: memberDataExport, eraseMember (privacy-subgraph.ts). */
export const PRIVACY_SUBGRAPH = "privacy";

/**
 * How a subgraph stands with the data-rights contract (lib/data-rights.ts), read from its SDL:
 * IMPLEMENTED — it serves `Query._memberData` and `Mutation._eraseMemberData`;
 * MISSING — it references `Member` without them (the registry refuses it unless forced);
 * NOT_NEEDED — it holds nothing about members.
 */
export type ContractStanding = "IMPLEMENTED" | "MISSING" | "NOT_NEEDED";

const standings = new Map<string, ContractStanding>();

export function contractStanding(sdl: string): ContractStanding {
  let standing = standings.get(sdl);
  if (!standing) {
    standing = readStanding(parse(sdl).definitions);
    // As many entries as SDLs in the registry's recent versions: a handful.
    if (standings.size > 100) standings.clear();
    standings.set(sdl, standing);
  }
  return standing;
}

function readStanding(definitions: readonly DefinitionNode[]): ContractStanding {
  const fields = (type: string) =>
    definitions.flatMap((definition) =>
      (definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.OBJECT_TYPE_EXTENSION) && definition.name.value === type
        ? (definition.fields ?? []).map((field) => field.name.value)
        : [],
    );
  const referencesMember = definitions.some(
    (definition) => (definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.OBJECT_TYPE_EXTENSION) && definition.name.value === "Member",
  );
  if (fields("Query").includes("_memberData") && fields("Mutation").includes("_eraseMemberData")) return "IMPLEMENTED";
  return referencesMember ? "MISSING" : "NOT_NEEDED";
}
