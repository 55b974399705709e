import { referenceById } from "../../../lib/subgraph.js";
import type { MembersLoaders } from "../loaders.js";

export const resolveSocietyReference = referenceById<MembersLoaders>((loaders) => loaders.societyById);
