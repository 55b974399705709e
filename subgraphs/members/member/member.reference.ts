import { referenceById } from "../../../lib/subgraph.js";
import type { MembersLoaders } from "../loaders.js";

/** Loads only members the caller may see; any other id resolves to null, like an unknown one. */
export const resolveMemberReference = referenceById<MembersLoaders>((loaders) => loaders.memberReferenceById);
