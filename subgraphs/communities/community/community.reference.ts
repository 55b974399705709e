import { referenceById } from "../../../lib/subgraph.js";
import type { CommunitiesLoaders } from "../loaders.js";

export const resolveCommunityReference = referenceById<CommunitiesLoaders>((loaders) => loaders.communityById);
