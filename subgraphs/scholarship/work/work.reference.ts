import type { ReferenceResolver } from "../../../lib/subgraph.js";
import { isUuid } from "../../../lib/validators.js";
import type { ScholarshipLoaders } from "../loaders.js";

export const resolveWorkReference: ReferenceResolver<ScholarshipLoaders> = (reference, { loaders }) =>
  isUuid(reference.id) ? loaders.workById.load(reference.id) : null;
