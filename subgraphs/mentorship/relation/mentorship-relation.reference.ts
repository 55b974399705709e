import type { ReferenceResolver } from "../../../lib/subgraph.js";
import { isUuid } from "../../../lib/validators.js";
import type { MentorshipLoaders } from "../loaders.js";
import { seesRelation } from "./mentorship-relation.visibility.js";

/** Null for an unknown relation and for one the caller may not see alike. */
export const resolveRelationReference: ReferenceResolver<MentorshipLoaders> = async (reference, context) => {
  if (typeof reference.id !== "string" || !isUuid(reference.id)) return null;
  const relation = await context.loaders.relationById.load(reference.id);
  return relation && (await seesRelation(context, relation)) ? relation : null;
};
