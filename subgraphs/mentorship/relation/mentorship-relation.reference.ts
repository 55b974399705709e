import type { ReferenceResolver } from "../../../lib/subgraph.js";
import { isUuid } from "../../../lib/validators.js";
import type { MentorshipLoaders } from "../loaders.js";

export const resolveRelationReference: ReferenceResolver<MentorshipLoaders> = (reference, { loaders }) =>
  isUuid(reference.id) ? loaders.relationById.load(reference.id) : null;
