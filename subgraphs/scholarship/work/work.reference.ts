import { referenceById } from "../../../lib/subgraph.js";
import type { ScholarshipLoaders } from "../loaders.js";

export const resolveWorkReference = referenceById<ScholarshipLoaders>((loaders) => loaders.workById);
