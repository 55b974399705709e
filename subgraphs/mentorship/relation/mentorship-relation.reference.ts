import { referenceById } from "../../../lib/subgraph.js";
import type { MentorshipLoaders } from "../loaders.js";

export const resolveRelationReference = referenceById<MentorshipLoaders>((loaders) => loaders.relationById);
