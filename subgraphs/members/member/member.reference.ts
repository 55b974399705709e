import type { ReferenceResolver } from "../../../lib/subgraph.js";
import { isUuid } from "../../../lib/validators.js";
import type { MembersLoaders } from "../loaders.js";

export const resolveMemberReference: ReferenceResolver<MembersLoaders> = (reference, { loaders }) =>
  isUuid(reference.id) ? loaders.memberById.load(reference.id) : null;
