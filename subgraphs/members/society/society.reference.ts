import type { ReferenceResolver } from "../../../lib/subgraph.js";
import { isUuid } from "../../../lib/validators.js";
import type { MembersLoaders } from "../loaders.js";

export const resolveSocietyReference: ReferenceResolver<MembersLoaders> = (reference, { loaders }) =>
  isUuid(reference.id) ? loaders.societyById.load(reference.id) : null;
