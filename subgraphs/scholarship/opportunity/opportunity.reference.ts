import { referenceById } from "../../../lib/subgraph.js";
import type { ScholarshipLoaders } from "../loaders.js";

export const resolveOpportunityReference = referenceById<ScholarshipLoaders>((loaders) => loaders.opportunityById);
