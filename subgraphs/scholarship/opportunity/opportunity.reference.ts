import type { ReferenceResolver } from "../../../lib/subgraph.js";
import { isUuid } from "../../../lib/validators.js";
import type { ScholarshipLoaders } from "../loaders.js";

export const resolveOpportunityReference: ReferenceResolver<ScholarshipLoaders> = (reference, { loaders }) =>
  isUuid(reference.id) ? loaders.opportunityById.load(reference.id) : null;
