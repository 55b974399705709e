import type { ReferenceResolver } from "../../../lib/subgraph.js";
import { isUuid } from "../../../lib/validators.js";
import type { MentorshipLoaders } from "../loaders.js";

/** Members exist in the members subgraph; here any well-formed id has (possibly empty) mentoring data. */
export const resolveMemberReference: ReferenceResolver<MentorshipLoaders> = (reference) =>
  isUuid(reference.id) ? { id: reference.id } : null;
