import type { ReferenceResolver } from "../../../lib/subgraph.js";
import { isUuid } from "../../../lib/validators.js";
import type { ScholarshipLoaders } from "../loaders.js";

/** Members exist in the members subgraph; here any well-formed id has (possibly empty) scholarly output. */
export const resolveMemberReference: ReferenceResolver<ScholarshipLoaders> = (reference) =>
  isUuid(reference.id) ? { id: reference.id } : null;
