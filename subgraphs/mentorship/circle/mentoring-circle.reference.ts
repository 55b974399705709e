import { referenceById } from "../../../lib/subgraph.js";
import type { MentorshipLoaders } from "../loaders.js";

/** Circles are public like their programmes; the members in them are filtered field by field. */
export const resolveCircleReference = referenceById<MentorshipLoaders>((loaders) => loaders.circleById);
