import type { ReferenceResolver } from "../../../lib/subgraph.js";
import { isUuid } from "../../../lib/validators.js";
import type { MentorshipLoaders } from "../loaders.js";

export const resolveProgramReference: ReferenceResolver<MentorshipLoaders> = (reference, { loaders }) =>
  isUuid(reference.id) ? loaders.programById.load(reference.id) : null;
