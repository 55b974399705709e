import { referenceById } from "../../../lib/subgraph.js";
import type { MentorshipLoaders } from "../loaders.js";

export const resolveProgramReference = referenceById<MentorshipLoaders>((loaders) => loaders.programById);
